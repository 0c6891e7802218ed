// The messages between the runner (main thread) and its worker, and the task the worker is given.
import type { TraceOptionsInput, TraceResult } from "../protocol";
import type { TraceProgress } from "../trace/env";
import type { RunErrorData } from "./runError";

/** The global the worker puts its engine API on; the bundled model's "backprop-lens" import reads it. */
export const ENGINE_GLOBAL = "__backpropLensEngine";

/** What the worker is asked to do (its workerData). */
export interface WorkerTask {
  /** Absolute path of the model file. */
  file: string;
  /** The bundle to require(). */
  bundlePath: string;
  /** The user's own source files (stack frames in any of them count as the user's). */
  sources: string[];
  options: TraceOptionsInput;
}

/** Worker → runner. */
export type WorkerMessage =
  | { type: "progress"; progress: TraceProgress }
  | { type: "result"; result: TraceResult }
  | { type: "error"; error: RunErrorData };
