// The one error type the runner reports: what went wrong running a model file, in words a user can
// act on, and where in their file (after source maps) when that is known.
import { isAbsolute, relative } from "node:path";
import type { SourceLoc } from "../protocol";

/** Why a model file could not be traced. */
export type RunErrorKind =
  | "not-found" // the file does not exist or is not a .ts/.mts/.js/.mjs file
  | "syntax" // esbuild could not parse the file
  | "missing-import" // an import could not be resolved
  | "bundle" // any other bundling failure
  | "bad-export" // the default export is not a loss function or { loss, … }
  | "throw" // the user's code (or the engine on its behalf) threw
  | "shape" // the engine rejected shapes (ShapeError: op name and shapes in the message)
  | "timeout" // the time limit ran out
  | "memory" // the memory limit ran out
  | "cancelled" // the caller aborted
  | "worker"; // the worker stopped for another reason (process.exit in the model file, a crash)

/** Where a RunError happened and what else is known about it. */
export interface RunErrorInfo {
  /** Where in the user's files, when known. */
  loc?: SourceLoc;
  /** The model file, for errors without a line (time and memory limits). */
  file?: string;
  /** The user's frames of the call stack, innermost first (throws). */
  frames?: SourceLoc[];
  /** The whole stack, user frames mapped to their sources (throws). */
  stack?: string;
}

/** A model file could not be run: kind, a one-line message, and the user's file:line:column when known. */
export class RunError extends Error {
  readonly loc?: SourceLoc;
  readonly file?: string;
  readonly frames?: SourceLoc[];
  readonly detail?: string;

  constructor(
    readonly kind: RunErrorKind,
    message: string,
    info: RunErrorInfo = {},
  ) {
    super(message);
    this.name = "RunError";
    this.loc = info.loc;
    this.file = info.file ?? info.loc?.file;
    this.frames = info.frames;
    this.detail = info.stack;
  }

  /** `file:line:col: error: message`, the way compilers print errors (paths relative to `cwd`). */
  format(cwd = process.cwd()): string {
    const where = this.loc ? formatLoc(this.loc, cwd) : this.file ? `${displayPath(this.file, cwd)}: ` : "";
    return `${where}error: ${this.message}`;
  }

  /** The plain-data form (for JSON and for crossing the worker boundary). */
  toData(): RunErrorData {
    return { kind: this.kind, message: this.message, loc: this.loc, file: this.file, frames: this.frames, stack: this.detail };
  }
}

/** The plain-data form of a RunError, as it crosses the worker boundary. */
export interface RunErrorData extends RunErrorInfo {
  kind: RunErrorKind;
  message: string;
}

/** Rebuilds a RunError from its plain-data form. */
export function runErrorFrom(data: RunErrorData): RunError {
  return new RunError(data.kind, data.message, data);
}

/** `file:line:col: ` relative to cwd; "" without a location. */
export function formatLoc(loc: SourceLoc | undefined | null, cwd = process.cwd()): string {
  return loc ? `${displayPath(loc.file, cwd)}:${loc.line}:${loc.column}: ` : "";
}

/** A path relative to cwd when it lies inside cwd, else as given. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}
