import { describe, expect, test } from "vitest";
import type { TraceResult } from "../../../src/protocol";
import { statusView } from "../../../src/extension/model/statusText";
import type { FileTrace } from "../../../src/extension/traceService";

const base: FileTrace = { file: "/w/mlp.ts", result: null, resultKind: null, resultAt: null, error: null, running: false, runningKind: null, progress: null, pending: false, stale: false };
const result = (over: Partial<TraceResult>): TraceResult =>
  ({ loss: 0.4836, anomalies: [], layers: [], checkSummary: { mode: "fast", passed: 4, failed: 0, kinks: 0, evaluations: 8, suspects: [] }, ...over }) as TraceResult;

describe("statusView", () => {
  test("shows the loss and the verdict", () => {
    expect(statusView({ ...base, result: result({}) }, true)).toMatchObject({ text: "$(pass) loss 0.484 · healthy", severity: "ok" });
  });
  test("counts flagged layers, and names failed checks and anomalies first", () => {
    const layers = [{ flags: ["vanishing"] }, { flags: ["vanishing"] }, { flags: [] }] as unknown as TraceResult["layers"];
    expect(statusView({ ...base, result: result({ layers }) }, true)).toMatchObject({ text: "$(warning) loss 0.484 · 2 layers vanishing", severity: "warning" });
    const failed = result({ layers, checkSummary: { mode: "fast", passed: 2, failed: 2, kinks: 0, evaluations: 8, suspects: [] } });
    expect(statusView({ ...base, result: failed }, true)).toMatchObject({ text: "$(error) loss 0.484 · 2 checks failed", severity: "error" });
    const nan = result({ loss: "NaN", anomalies: [{ phase: "forward", op: "log", nodeId: 1, module: null, loc: null, custom: false, nan: 1, inf: 0, message: "" }] });
    expect(statusView({ ...base, result: nan }, true)?.text).toBe("$(error) loss NaN · NaN in forward (log)");
  });
  test("marks a stale result, and shows a running trace with its phase", () => {
    expect(statusView({ ...base, result: result({}), stale: true }, true)?.text).toBe("$(pass) loss 0.484 · healthy (stale)");
    expect(statusView({ ...base, running: true, progress: { phase: "checks", done: 2, total: 4 } }, true)).toMatchObject({ text: "$(sync~spin) Tracing (checks 2/4)", severity: "busy" });
  });
  test("an error, nothing, and an untrusted workspace", () => {
    expect(statusView({ ...base, error: { kind: "syntax", message: "Expected ';'", file: "/w/mlp.ts", loc: null } }, true)).toMatchObject({ text: "$(error) mlp.ts: not traced", severity: "error" });
    expect(statusView(undefined, true)).toBeNull();
    expect(statusView(undefined, false)?.tooltip).toMatch(/trusted workspace/);
  });
});
