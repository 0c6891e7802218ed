// The worker's side of a run: load the engine, require the bundled model with its frames mapped to
// the user's files, check the default export, trace it, and post the result or a classified error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import * as api from "../api";
import type { TraceOptionsInput, TraceResult } from "../protocol";
import { type TraceEnv, type TraceProgress, startLeafRecording } from "../trace/env";
import { ENGINE_GLOBAL, type WorkerMessage, type WorkerTask } from "./messages";
import { exportDefaultLoc, modelExport } from "./modelExport";
import { RunError, type RunErrorData } from "./runError";
import { UserStack } from "./userStack";

/** The tracer, as the worker calls it (traceModel validates the spec again itself). */
export type TraceFn = (spec: unknown, options: TraceOptionsInput, env: TraceEnv) => TraceResult;

// Progress messages at most this often (plus every phase change and phase end).
const PROGRESS_INTERVAL_MS = 100;

/** Runs the task in workerData and posts one result or error message to the runner. */
export function runWorker(trace: TraceFn): void {
  const task = workerData as WorkerTask;
  const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
  (globalThis as Record<string, unknown>)[ENGINE_GLOBAL] = api;
  const stack = new UserStack(task.bundlePath, task.sources);
  let source = "";
  try {
    source = readFileSync(task.file, "utf8");
  } catch {
    // The bundle was built from it a moment ago; without its text only variable names are lost.
  }
  const leaves = startLeafRecording(stack.locator());
  try {
    const mod: unknown = createRequire(task.bundlePath)(task.bundlePath);
    const spec = modelExport(mod, task.file, source);
    const env: TraceEnv = { locate: stack.locator(), onProgress: throttled(post), userSource: source, userFile: task.file, leaves };
    post({ type: "result", result: trace(spec, task.options, env) });
  } catch (e) {
    post({ type: "error", error: classify(e, stack, task.file, source) });
  } finally {
    leaves.stop();
  }
}

function throttled(post: (m: WorkerMessage) => void): (p: TraceProgress) => void {
  let last = 0;
  let phase = "";
  return (p) => {
    const now = Date.now();
    if (p.phase === phase && p.done < p.total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    phase = p.phase;
    post({ type: "progress", progress: { phase: p.phase, done: p.done, total: p.total } });
  };
}

/** What went wrong, in the user's terms, located at their innermost frame. */
export function classify(e: unknown, stack: UserStack, file: string, source: string): RunErrorData {
  if (e instanceof RunError) return e.toData();
  if (!(e instanceof Error)) {
    return { kind: "throw", message: `the model file threw a value that is not an Error: ${safeString(e)}`, file };
  }
  const frames = stack.errorFrames(e);
  const where = { loc: frames[0], file, frames, stack: typeof e.stack === "string" ? e.stack : undefined };
  // The tracer names contract violations found while running the loss (e.g. a non-scalar loss).
  if (e.message.startsWith("model spec: ")) {
    return { kind: "bad-export", message: e.message.slice("model spec: ".length), ...where, loc: frames[0] ?? exportDefaultLoc(file, source) };
  }
  if (e.name === "ShapeError") return { kind: "shape", message: e.message, ...where };
  const message = e.name === "Error" || e.name === "" ? e.message : `${e.name}: ${e.message}`;
  return { kind: "throw", message, ...where };
}

function safeString(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
  } catch {
    return typeof v;
  }
}
