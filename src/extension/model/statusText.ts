// The status bar item's text for the active model file.
import type { FileTrace } from "../traceService";
import { baseName, fmt } from "./format";
import { type Severity, traceVerdict } from "./verdict";

/** What the status bar shows. */
export interface StatusView {
  /** With codicons ($(name)). */
  text: string;
  tooltip: string;
  severity: Severity | "busy";
}

/** The status of a model file's trace; null when there is nothing to show. */
export function statusView(state: FileTrace | undefined, trusted: boolean): StatusView | null {
  if (!trusted) return { text: "$(shield) Backprop Lens", tooltip: "Backprop Lens runs model files only in a trusted workspace.", severity: "warning" };
  if (!state) return null;
  const name = baseName(state.file);
  if (state.running) {
    const p = state.progress;
    const phase = p ? ` (${p.phase} ${p.done}/${p.total})` : "";
    return { text: `$(sync~spin) Tracing${phase}`, tooltip: `Backprop Lens: tracing ${name}${state.result ? " — the last result is shown until it ends" : ""}`, severity: "busy" };
  }
  if (state.error) return { text: `$(error) ${name}: not traced`, tooltip: `Backprop Lens: ${state.error.message}`, severity: "error" };
  if (!state.result) return state.pending ? { text: "$(clock) Trace pending", tooltip: `Backprop Lens: ${name} will be traced`, severity: "busy" } : null;
  const v = traceVerdict(state.result);
  const icon = v.severity === "ok" ? "$(pass)" : v.severity === "warning" ? "$(warning)" : "$(error)";
  const stale = state.stale ? " (stale)" : "";
  return {
    text: `${icon} loss ${fmt(state.result.loss)} · ${v.text}${stale}`,
    tooltip: `Backprop Lens: ${name} — loss ${fmt(state.result.loss)}, ${v.text}${stale}. Click to open the gradient panel.`,
    severity: v.severity,
  };
}
