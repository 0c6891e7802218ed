// The error a trace ended with, as plain data (the runner's RunError, or anything else that was thrown).
import type { SourceLoc } from "../../protocol";

/** Why a model file could not be traced. */
export interface TraceError {
  /** The runner's RunErrorKind ("syntax", "throw", "timeout", "cancelled", …) or "internal". */
  kind: string;
  message: string;
  /** The model file. */
  file: string;
  /** Where in the user's files, when known. */
  loc: SourceLoc | null;
  /** Stack or further detail. */
  detail?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function isLoc(v: unknown): v is SourceLoc {
  return isObj(v) && typeof v.file === "string" && typeof v.line === "number" && typeof v.column === "number";
}

/** Reads a thrown value: a RunError keeps its kind and place; anything else is an "internal" error. `file` is the model file traced. */
export function traceErrorFrom(e: unknown, file: string): TraceError {
  if (isObj(e) && typeof e.kind === "string" && typeof e.message === "string") {
    const loc = isLoc(e.loc) ? e.loc : null;
    const err: TraceError = { kind: e.kind, message: e.message, file, loc };
    if (typeof e.detail === "string") err.detail = e.detail;
    return err;
  }
  const message = e instanceof Error ? e.message : String(e);
  const err: TraceError = { kind: "internal", message, file, loc: null };
  if (e instanceof Error && e.stack) err.detail = e.stack;
  return err;
}
