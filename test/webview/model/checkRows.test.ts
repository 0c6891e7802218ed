import { describe, expect, it } from "vitest";
import type { CheckSummary } from "../../../src/protocol";
import { checkRows, checksBadgeText, sortRows } from "../../../webview/model/checkRows";
import { customOpTrace, lectureNetTrace } from "../fixtures";

describe("check rows", () => {
  it("has one row per check with its parameter's node and source line", () => {
    const trace = lectureNetTrace();
    const rows = checkRows(trace);
    expect(rows.map((r) => r.param)).toEqual(["w1", "b1", "w2", "b2", "w3", "b3"]);
    expect(rows.every((r) => r.status === "pass" && r.nodeId !== null && r.loc !== null)).toBe(true);
  });

  it("carries the suspect op of a failing check", () => {
    const rows = checkRows(customOpTrace());
    const failing = rows.filter((r) => r.status === "fail");
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0].suspect?.op).toBe("mySoftplus");
    expect(failing[0].worst[0].status).toBe("fail");
  });

  it("sorts by status (failures first), error and name, keeping trace order on ties", () => {
    const rows = checkRows(lectureNetTrace()).map((r, i) => ({ ...r, status: i === 3 ? ("fail" as const) : i === 1 ? ("kink" as const) : ("pass" as const), maxRelError: i === 2 ? NaN : i / 10 }));
    expect(sortRows(rows, "status", "asc").map((r) => r.param)).toEqual(["b2", "b1", "w1", "w2", "w3", "b3"]);
    expect(sortRows(rows, "maxRelError", "desc")[0].param).toBe("w2");
    expect(sortRows(rows, "param", "asc").map((r) => r.param)).toEqual(["b1", "b2", "b3", "w1", "w2", "w3"]);
  });

  it("words the header badge by count: one check, failures first, kinks said", () => {
    const sum = (passed: number, failed: number, kinks: number): CheckSummary => ({ mode: "fast", passed, failed, kinks, evaluations: 0, suspects: [] });
    expect(checksBadgeText(sum(1, 0, 0))).toBe("1 check passed");
    expect(checksBadgeText(sum(4, 0, 0))).toBe("4 checks passed");
    expect(checksBadgeText(sum(3, 1, 2))).toBe("1 check failed");
    expect(checksBadgeText(sum(0, 2, 0))).toBe("2 checks failed");
    expect(checksBadgeText(sum(3, 0, 1))).toBe("3 checks passed, 1 kink");
    expect(checksBadgeText(sum(0, 0, 2))).toBe("0 checks passed, 2 kinks");
  });
});
