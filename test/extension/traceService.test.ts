import { describe, expect, test } from "vitest";
import type { TraceResult } from "../../src/protocol";
import type { TraceProgress } from "../../src/trace/env";
import { RunError } from "../../src/runner/runError";
import { type TraceEvent, TraceService } from "../../src/extension/traceService";
import { fakeTimers } from "./fakeTimers";

/** A runner whose runs the test ends by hand; records what it was asked and whether it was aborted. */
function fakeRunner() {
  const runs: { file: string; options: string; signal: AbortSignal; progress: (p: TraceProgress) => void; resolve(r: TraceResult): void; reject(e: unknown): void }[] = [];
  const run = (file: string, options: string, signal: AbortSignal, progress: (p: TraceProgress) => void): Promise<TraceResult> =>
    new Promise((resolve, reject) => {
      runs.push({ file, options, signal, progress, resolve, reject });
      signal.addEventListener("abort", () => reject(new RunError("cancelled", "the run was cancelled")));
    });
  return { run, runs };
}

const result = (loss: number): TraceResult => ({ loss }) as TraceResult;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function setup() {
  const clock = fakeTimers();
  const runner = fakeRunner();
  const service = new TraceService<string>(runner.run, 300, clock, () => 1234);
  const events: TraceEvent[] = [];
  service.onEvent((e) => events.push(e));
  return { clock, runner, service, events };
}

describe("TraceService", () => {
  test("keeps the latest result per file, with its kind and time", async () => {
    const { runner, service, events } = setup();
    const done = service.trace("/a.ts", { kind: "trace", options: "o1" });
    expect(service.get("/a.ts")).toMatchObject({ running: true, runningKind: "trace", stale: true, result: null });
    runner.runs[0].resolve(result(1));
    expect(await done).toEqual({ status: "ok", result: result(1) });
    expect(service.get("/a.ts")).toMatchObject({ running: false, stale: false, result: result(1), resultKind: "trace", resultAt: 1234, error: null });
    expect(events.map((e) => e.type)).toEqual(["started", "finished"]);
    expect(runner.runs[0].options).toBe("o1");
  });

  test("a new trace of the same file cancels the running one, whose late answer is ignored", async () => {
    const { runner, service, events } = setup();
    const first = service.trace("/a.ts", { kind: "trace", options: "o1" });
    const second = service.trace("/a.ts", { kind: "check", options: "o2" });
    expect(runner.runs[0].signal.aborted).toBe(true);
    expect(await first).toEqual({ status: "cancelled" });
    runner.runs[1].resolve(result(2));
    expect(await second).toEqual({ status: "ok", result: result(2) });
    expect(service.get("/a.ts")?.resultKind).toBe("check");
    expect(events.filter((e) => e.type === "finished")).toHaveLength(1);
  });

  test("traces of different files run side by side", async () => {
    const { runner, service } = setup();
    const a = service.trace("/a.ts", { kind: "trace", options: "" });
    const b = service.trace("/b.ts", { kind: "trace", options: "" });
    expect(runner.runs.map((r) => r.signal.aborted)).toEqual([false, false]);
    runner.runs[1].resolve(result(2));
    runner.runs[0].resolve(result(1));
    expect([await a, await b]).toEqual([{ status: "ok", result: result(1) }, { status: "ok", result: result(2) }]);
  });

  test("saves in quick succession start one trace, after the last, with the options read then", async () => {
    const { clock, runner, service, events } = setup();
    let options = "v1";
    service.traceSoon("/a.ts", () => ({ kind: "trace", options }));
    clock.advance(200);
    service.traceSoon("/a.ts", () => ({ kind: "trace", options }));
    options = "v2";
    expect(service.get("/a.ts")).toMatchObject({ pending: true, stale: true, running: false });
    clock.advance(299);
    expect(runner.runs).toHaveLength(0);
    clock.advance(1);
    expect(runner.runs).toHaveLength(1);
    expect(runner.runs[0].options).toBe("v2");
    expect(service.get("/a.ts")).toMatchObject({ pending: false, running: true });
    expect(events.map((e) => e.type)).toEqual(["scheduled", "scheduled", "started"]);
  });

  test("a save while a trace runs stops it at once: only the latest content is traced", async () => {
    const { clock, runner, service } = setup();
    const first = service.trace("/a.ts", { kind: "trace", options: "old" });
    service.traceSoon("/a.ts", () => ({ kind: "trace", options: "new" }));
    expect(runner.runs[0].signal.aborted).toBe(true);
    expect(await first).toEqual({ status: "cancelled" });
    clock.advance(300);
    runner.runs[1].resolve(result(3));
    await tick();
    expect(service.get("/a.ts")).toMatchObject({ result: result(3), stale: false, running: false });
  });

  test("the previous result stays, marked stale, while a new trace runs; an error keeps it too", async () => {
    const { runner, service } = setup();
    const a = service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[0].resolve(result(1));
    await a;
    const b = service.trace("/a.ts", { kind: "trace", options: "" });
    expect(service.get("/a.ts")).toMatchObject({ result: result(1), running: true, stale: true });
    runner.runs[1].reject(new RunError("throw", "boom", { loc: { file: "/a.ts", line: 3, column: 5 } }));
    expect(await b).toEqual({ status: "error", error: { kind: "throw", message: "boom", file: "/a.ts", loc: { file: "/a.ts", line: 3, column: 5 } } });
    expect(service.get("/a.ts")).toMatchObject({ result: result(1), error: { kind: "throw" }, running: false });
  });

  test("a success after an error clears the error", async () => {
    const { runner, service } = setup();
    const a = service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[0].reject(new Error("internal"));
    expect((await a).status).toBe("error");
    const b = service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[1].resolve(result(1));
    await b;
    expect(service.get("/a.ts")?.error).toBeNull();
  });

  test("cancel stops the worker and the scheduled trace; the last result stays, marked stale", async () => {
    const { clock, runner, service, events } = setup();
    const a = service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[0].resolve(result(1));
    await a;
    const b = service.trace("/a.ts", { kind: "trace", options: "" });
    service.cancel("/a.ts");
    expect(runner.runs[1].signal.aborted).toBe(true);
    expect(await b).toEqual({ status: "cancelled" });
    expect(service.get("/a.ts")).toMatchObject({ result: result(1), running: false, stale: true });
    expect(events.at(-1)).toMatchObject({ type: "finished", outcome: { status: "cancelled" } });
    service.traceSoon("/a.ts", () => ({ kind: "trace", options: "" }));
    service.cancel("/a.ts");
    clock.advance(1000);
    expect(runner.runs).toHaveLength(2);
    expect(service.get("/a.ts")?.pending).toBe(false);
  });

  test("passes the running trace's progress on, and drops a superseded trace's", () => {
    const { runner, service, events } = setup();
    void service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[0].progress({ phase: "checks", done: 1, total: 4 });
    expect(service.get("/a.ts")?.progress).toEqual({ phase: "checks", done: 1, total: 4 });
    void service.trace("/a.ts", { kind: "trace", options: "" });
    runner.runs[0].progress({ phase: "checks", done: 2, total: 4 });
    expect(events.filter((e) => e.type === "progress")).toHaveLength(1);
    service.dispose();
  });
});
