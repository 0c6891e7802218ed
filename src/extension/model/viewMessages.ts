// What a webview (panel or side view) is sent to show a file's state, and the check of what it sends back.
import type { FocusTarget, HostToWebview, SourceLoc, TraceFailure, WebviewTab, WebviewToHost } from "../../protocol";
import type { FileTrace, TraceEvent } from "../traceService";
import type { TraceError } from "./traceError";

/** A trace error as the webview shows it. */
export function failureOf(error: TraceError): TraceFailure {
  const f: TraceFailure = { file: error.file, message: error.message, loc: error.loc };
  if (error.detail !== undefined) f.detail = error.detail;
  return f;
}

/**
 * The messages that bring a webview to a file's current state: the last result (if any), then the
 * running trace (shown as stale) or the last error; "clear" when nothing is known.
 */
export function stateMessages(file: string, state: FileTrace | undefined): HostToWebview[] {
  const out: HostToWebview[] = [];
  if (state?.result) out.push({ type: "trace", file, result: state.result });
  if (state?.running || state?.pending) out.push({ type: "tracing", file });
  else if (state?.error && state.error.kind !== "cancelled") out.push({ type: "error", error: failureOf(state.error) });
  if (out.length === 0) out.push({ type: "clear" });
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isLoc(v: unknown): v is SourceLoc {
  return isObj(v) && typeof v.file === "string" && Number.isInteger(v.line) && Number.isInteger(v.column);
}

/** Checks a message from a webview; null when it is not a WebviewToHost. */
export function parseWebviewMessage(data: unknown): WebviewToHost | null {
  if (!isObj(data) || typeof data.type !== "string") return null;
  switch (data.type) {
    case "ready":
    case "retrace":
    case "exportReport":
      return { type: data.type };
    case "revealSource":
      return isLoc(data.loc) ? { type: "revealSource", loc: { file: data.loc.file, line: data.loc.line, column: data.loc.column } } : null;
    case "invalidMessage":
      return typeof data.error === "string" ? { type: "invalidMessage", error: data.error } : null;
    default:
      return null;
  }
}

/** Focus messages the host sends on its own (not state): kept while the webview is not ready. */
export type ViewEvent = Extract<HostToWebview, { type: "focus" | "showTab" }>;

/** A focus message. */
export function focusMessage(target: FocusTarget): ViewEvent {
  return { type: "focus", target };
}

/** A tab message. */
export function tabMessage(tab: WebviewTab): ViewEvent {
  return { type: "showTab", tab };
}

/** What a webview showing `file` is sent when its trace state changes (progress is not sent). */
export function eventMessages(e: TraceEvent, state: FileTrace | undefined): HostToWebview[] {
  switch (e.type) {
    case "scheduled":
    case "started":
      return [{ type: "tracing", file: e.file }];
    case "progress":
      return [];
    case "finished":
      switch (e.outcome.status) {
        case "ok":
          return [{ type: "trace", file: e.file, result: e.outcome.result }];
        case "error":
          return [{ type: "error", error: failureOf(e.outcome.error) }];
        case "cancelled":
          // Back to the last result (no longer marked as being replaced), or to nothing.
          return stateMessages(e.file, state);
      }
  }
}
