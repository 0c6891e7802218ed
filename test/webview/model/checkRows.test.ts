import { describe, expect, it } from "vitest";
import { checkRows, sortRows } from "../../../webview/model/checkRows";
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
});
