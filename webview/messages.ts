// The check every message from the extension host passes before the webview acts on it. The message
// types themselves live in src/protocol.ts, shared with the host.
import type { HostToWebview, SourceLoc, TraceFailure, WebviewTab } from "../src/protocol";
import { checkTraceResult } from "./model/traceGuard";

/** The outcome of checking an incoming message. */
export type Parsed = { ok: true; message: HostToWebview } | { ok: false; error: string };

const TABS: readonly WebviewTab[] = ["graph", "layers", "checks", "walk"];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a value is a SourceLoc. */
export function isSourceLoc(v: unknown): v is SourceLoc {
  return isObj(v) && typeof v.file === "string" && Number.isInteger(v.line) && Number.isInteger(v.column);
}

/** Checks an incoming message against HostToWebview (the trace inside against TraceResult). */
export function parseHostMessage(data: unknown): Parsed {
  if (!isObj(data) || typeof data.type !== "string") return { ok: false, error: "message: expected an object with a type" };
  switch (data.type) {
    case "trace": {
      if (typeof data.file !== "string") return { ok: false, error: "trace.file: expected a string" };
      const checked = checkTraceResult(data.result);
      if (!checked.ok) return { ok: false, error: `trace.${checked.error}` };
      return { ok: true, message: { type: "trace", file: data.file, result: checked.value } };
    }
    case "tracing":
      return typeof data.file === "string" ? { ok: true, message: { type: "tracing", file: data.file } } : { ok: false, error: "tracing.file: expected a string" };
    case "error": {
      const e = data.error;
      if (!isObj(e) || typeof e.file !== "string" || typeof e.message !== "string") return { ok: false, error: "error.error: expected { file, message, loc }" };
      if (e.loc !== null && e.loc !== undefined && !isSourceLoc(e.loc)) return { ok: false, error: "error.error.loc: expected a source location or null" };
      if (e.detail !== undefined && typeof e.detail !== "string") return { ok: false, error: "error.error.detail: expected a string" };
      const error: TraceFailure = { file: e.file, message: e.message, loc: isSourceLoc(e.loc) ? e.loc : null };
      if (typeof e.detail === "string") error.detail = e.detail;
      return { ok: true, message: { type: "error", error } };
    }
    case "clear":
      return { ok: true, message: { type: "clear" } };
    case "focus": {
      const t = data.target;
      if (isObj(t) && t.kind === "node" && Number.isInteger(t.id)) return { ok: true, message: { type: "focus", target: { kind: "node", id: t.id as number } } };
      if (isObj(t) && (t.kind === "param" || t.kind === "layer") && typeof t.name === "string") {
        return { ok: true, message: { type: "focus", target: { kind: t.kind, name: t.name } } };
      }
      return { ok: false, error: "focus.target: expected a node id, parameter or layer name" };
    }
    case "showTab":
      return TABS.includes(data.tab as WebviewTab) ? { ok: true, message: { type: "showTab", tab: data.tab as WebviewTab } } : { ok: false, error: `showTab.tab: expected one of ${TABS.join(", ")}` };
    default:
      return { ok: false, error: `message: unknown type ${JSON.stringify(data.type).slice(0, 40)}` };
  }
}
