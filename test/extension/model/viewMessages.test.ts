import { describe, expect, test } from "vitest";
import type { TraceResult } from "../../../src/protocol";
import { eventMessages, stateMessages } from "../../../src/extension/model/viewMessages";
import type { FileTrace } from "../../../src/extension/traceService";

const result = { loss: 1 } as TraceResult;
const base: FileTrace = { file: "/a.ts", result: null, resultKind: null, resultAt: null, error: null, running: false, runningKind: null, progress: null, pending: false, stale: false };
const error = { kind: "throw", message: "boom", file: "/a.ts", loc: { file: "/a.ts", line: 2, column: 3 }, detail: "stack" };

describe("stateMessages", () => {
  test("nothing known: clear", () => {
    expect(stateMessages("/a.ts", undefined)).toEqual([{ type: "clear" }]);
  });
  test("a result, then the running trace that will replace it (shown stale)", () => {
    expect(stateMessages("/a.ts", { ...base, result, running: true })).toEqual([
      { type: "trace", file: "/a.ts", result },
      { type: "tracing", file: "/a.ts" },
    ]);
    expect(stateMessages("/a.ts", { ...base, pending: true })).toEqual([{ type: "tracing", file: "/a.ts" }]);
  });
  test("the last result and the error that followed it", () => {
    expect(stateMessages("/a.ts", { ...base, result, error })).toEqual([
      { type: "trace", file: "/a.ts", result },
      { type: "error", error: { file: "/a.ts", message: "boom", loc: error.loc, detail: "stack" } },
    ]);
  });
});

describe("eventMessages", () => {
  test("a start or a scheduled save marks the view as tracing; progress sends nothing", () => {
    expect(eventMessages({ type: "started", file: "/a.ts", kind: "trace" }, undefined)).toEqual([{ type: "tracing", file: "/a.ts" }]);
    expect(eventMessages({ type: "scheduled", file: "/a.ts" }, undefined)).toEqual([{ type: "tracing", file: "/a.ts" }]);
    expect(eventMessages({ type: "progress", file: "/a.ts", progress: { phase: "checks", done: 1, total: 2 } }, undefined)).toEqual([]);
  });
  test("the end sends the result or the error; a cancel goes back to the state", () => {
    expect(eventMessages({ type: "finished", file: "/a.ts", kind: "trace", outcome: { status: "ok", result } }, undefined)).toEqual([{ type: "trace", file: "/a.ts", result }]);
    expect(eventMessages({ type: "finished", file: "/a.ts", kind: "trace", outcome: { status: "error", error } }, undefined)).toEqual([
      { type: "error", error: { file: "/a.ts", message: "boom", loc: error.loc, detail: "stack" } },
    ]);
    expect(eventMessages({ type: "finished", file: "/a.ts", kind: "trace", outcome: { status: "cancelled" } }, { ...base, result, stale: true })).toEqual([{ type: "trace", file: "/a.ts", result }]);
  });
});
