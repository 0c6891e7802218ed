// Verdicts read from a trace result: a parameter's layer flags and check, and one summary of a whole
// trace (the status bar and the hover header use it).
import type { CheckResult, LayerFlag, LayerInfo, ParameterInfo, TraceResult } from "../../protocol";
import { fmt, plural } from "./format";

/** How bad something is, worst last. */
export type Severity = "ok" | "warning" | "error";

/** A one-line verdict. */
export interface Verdict {
  severity: Severity;
  text: string;
}

/** The parameter-holding layer a parameter belongs to, if the trace has one. */
export function layerOf(result: TraceResult, param: ParameterInfo): LayerInfo | undefined {
  return result.layers.find((l) => l.role === "params" && l.params.includes(param.name));
}

/** The finite-difference check of a parameter, if it was checked. */
export function checkOf(result: TraceResult, param: ParameterInfo): CheckResult | undefined {
  return result.checks.find((c) => c.param === param.name);
}

/** Flags that are warnings (a `nan` flag is an error). */
export const WARNING_FLAGS: readonly LayerFlag[] = ["vanishing", "exploding", "dead-relu", "saturated"];

/** A parameter's gradient verdict: its layer's flags (with the reasons), NaN/Inf in its gradient, or healthy. */
export function paramVerdict(result: TraceResult, param: ParameterInfo): Verdict & { reasons: string[] } {
  const g = param.grad;
  if (g && (g.nan > 0 || g.inf > 0)) return { severity: "error", text: "non-finite gradient", reasons: [`${g.nan} NaN and ${g.inf} ±Inf elements in the gradient`] };
  if (param.gradNorm === null && param.grad === null) return { severity: "warning", text: "no gradient", reasons: ["the loss does not depend on this parameter"] };
  const layer = layerOf(result, param);
  if (!layer || layer.flags.length === 0) return { severity: "ok", text: "healthy", reasons: [] };
  return { severity: layer.flags.includes("nan") ? "error" : "warning", text: layer.flags.join(", "), reasons: layer.reasons };
}

/** A check in words: "pass · max rel. error 3.1e-9 (fast)". */
export function checkText(check: CheckResult | undefined, mode: string): string {
  if (!check) return mode === "off" ? "not checked (check mode off)" : "not checked";
  const what = `max rel. error ${fmt(check.maxRelError)} (${check.mode}, ${check.elementsChecked > 0 ? `${check.elementsChecked}/${check.elementsTotal} elements + direction` : "one random direction"})`;
  switch (check.status) {
    case "pass":
      return `✓ pass · ${what}`;
    case "kink":
      return `~ kink · ${what} — a step crossed a ReLU/abs/max switch point`;
    case "fail":
      return `✗ FAIL · ${what}${check.suspect ? ` — suspect: ${check.suspect.custom ? "custom op " : ""}${check.suspect.op}` : ""}`;
  }
}

/** The verdict of a whole trace: anomalies, then failed checks, then flagged layers, else healthy. */
export function traceVerdict(result: TraceResult): Verdict {
  const a = result.anomalies[0];
  if (a) return { severity: "error", text: `${a.nan > 0 ? "NaN" : "Inf"} in ${a.phase} (${a.op})` };
  if (result.checkSummary.failed > 0) return { severity: "error", text: `${plural(result.checkSummary.failed, "check")} failed` };
  const counts = new Map<LayerFlag, number>();
  for (const l of result.layers) for (const f of l.flags) counts.set(f, (counts.get(f) ?? 0) + 1);
  if (counts.size === 0) return { severity: "ok", text: "healthy" };
  const parts = [...counts].map(([flag, n]) => `${plural(n, "layer")} ${flag}`);
  return { severity: counts.has("nan") ? "error" : "warning", text: parts.join(", ") };
}
