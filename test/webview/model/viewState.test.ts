import { describe, expect, it } from "vitest";
import { defaultViewState, sanitizeViewState } from "../../../webview/model/viewState";

describe("sanitizeViewState", () => {
  it("restores a saved state", () => {
    const saved = { ...defaultViewState(), file: "/m.ts", tab: "walk", selected: "n3", collapsed: ["a"], merged: [], view: { x: 1, y: 2, k: 0.5 }, walkStep: 7, checkSort: { key: "maxRelError", dir: "desc" }, historyMode: "heatmap" };
    expect(sanitizeViewState(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it("falls back field by field on anything malformed", () => {
    const s = sanitizeViewState({ v: 1, tab: "nope", collapsed: [1, 2], view: { x: 0, y: 0, k: -1 }, walkStep: -3, checkSort: { key: "x", dir: "up" } });
    expect(s).toEqual(defaultViewState());
    expect(sanitizeViewState(undefined)).toEqual(defaultViewState());
    expect(sanitizeViewState({ v: 2, tab: "checks" }).tab).toBe("graph");
  });
});
