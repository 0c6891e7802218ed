// Problems from a trace result or a model-file error, as plain data: file, 1-based line and column,
// severity, message, code. diagnostics.ts turns them into vscode Diagnostics with ranges.
import type { CheckResult, LayerFlag, LayerInfo, SourceLoc, SuspectOp, TraceResult } from "../../protocol";
import { fmt, nameList, plural } from "./format";
import type { TraceError } from "./traceError";
import { WARNING_FLAGS } from "./verdict";

/** One problem at a place in a file. */
export interface DiagnosticSpec {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
  /** What kind of problem: a layer flag, "check-failed", "suspect-op", "anomaly", or "model-error". */
  code: string;
  related: { loc: SourceLoc; message: string }[];
}

const locKey = (loc: SourceLoc): string => `${loc.file}\0${loc.line}\0${loc.column}`;

/** Groups items by their location (items without one are dropped), keeping first-seen order. */
function byLoc<T>(items: readonly T[], loc: (t: T) => SourceLoc | null): [SourceLoc, T[]][] {
  const groups = new Map<string, [SourceLoc, T[]]>();
  for (const item of items) {
    const l = loc(item);
    if (!l) continue;
    const key = locKey(l);
    const group = groups.get(key);
    if (group) group[1].push(item);
    else groups.set(key, [l, [item]]);
  }
  return [...groups.values()];
}

const FLAG_WORDS: Record<LayerFlag, string> = {
  vanishing: "vanishing gradient",
  exploding: "exploding gradient",
  "dead-relu": "dead ReLU units",
  saturated: "saturated activations",
  nan: "NaN/Inf gradient",
};

function layerLabel(l: LayerInfo): string {
  return `${l.name === "" ? "the model" : l.name} (${l.kind})`;
}

/** Warnings (errors for `nan`) where flagged layers were created; layers made on one line (a loop) share one. */
function layerDiagnostics(result: TraceResult): DiagnosticSpec[] {
  const out: DiagnosticSpec[] = [];
  for (const flag of [...WARNING_FLAGS, "nan"] as const) {
    if (flag === "nan" && result.anomalies.length > 0) continue; // the anomaly says it where it started
    const flagged = result.layers.filter((l) => l.flags.includes(flag));
    for (const [loc, layers] of byLoc(flagged, (l) => l.loc)) {
      const first = layers[0];
      const reason = first.reasons[first.flags.indexOf(flag)] ?? "";
      const who = layers.length === 1 ? `layer ${layerLabel(first)}` : `${plural(layers.length, "layer")} (${nameList(layers.map((l) => l.name))})`;
      out.push({
        file: loc.file,
        line: loc.line,
        column: loc.column,
        severity: flag === "nan" ? "error" : "warning",
        message: `${FLAG_WORDS[flag]} in ${who}${reason ? `: ${reason}${layers.length > 1 ? ` (${first.name})` : ""}` : ""}`,
        code: flag,
        related: [],
      });
    }
  }
  return out;
}

function suspectWords(s: SuspectOp): string {
  return `${s.custom ? "custom op" : "op"} "${s.op}"`;
}

/** Errors where failed parameters were created, and where the op blamed for them is called. */
function checkDiagnostics(result: TraceResult, modelFile: string): DiagnosticSpec[] {
  const failed = result.checks.filter((c) => c.status === "fail");
  const locOf = (c: CheckResult): SourceLoc | null => result.parameters.find((p) => p.name === c.param)?.loc ?? null;
  const out: DiagnosticSpec[] = [];
  for (const [loc, checks] of byLoc(failed, (c) => locOf(c) ?? { file: modelFile, line: 1, column: 1 })) {
    const worst = checks.reduce((a, b) => (Number(b.maxRelError) > Number(a.maxRelError) || Number.isNaN(Number(b.maxRelError)) ? b : a));
    const suspect = checks.find((c) => c.suspect)?.suspect;
    out.push({
      file: loc.file,
      line: loc.line,
      column: loc.column,
      severity: "error",
      message: `gradient check failed for ${nameList(checks.map((c) => c.param))}: max relative error ${fmt(worst.maxRelError)} between backprop and finite differences (${worst.mode} check)${suspect ? `; suspect: ${suspectWords(suspect)}` : ""}`,
      code: "check-failed",
      related: suspect?.loc ? [{ loc: suspect.loc, message: `the backward of ${suspectWords(suspect)} disagrees with finite differences` }] : [],
    });
  }
  for (const s of result.checkSummary.suspects) {
    if (!s.loc) continue;
    out.push({ file: s.loc.file, line: s.loc.line, column: s.loc.column, severity: "error", message: `the backward of ${suspectWords(s)} is wrong: ${s.evidence}`, code: "suspect-op", related: [] });
  }
  return out;
}

/** An error where each NaN/Inf first appeared (the model file's first line when the place is unknown). */
function anomalyDiagnostics(result: TraceResult, modelFile: string): DiagnosticSpec[] {
  return result.anomalies.map((a) => {
    const loc = a.loc ?? { file: modelFile, line: 1, column: 1 };
    const what = a.nan > 0 ? (a.inf > 0 ? "NaN and Inf" : "NaN") : "Inf";
    return { file: loc.file, line: loc.line, column: loc.column, severity: "error", message: `${what} in the ${a.phase} pass: ${a.message}`, code: "anomaly", related: [] };
  });
}

/** Every problem a trace result shows; empty when the model traced clean. */
export function traceDiagnostics(result: TraceResult, modelFile: string): DiagnosticSpec[] {
  return [...anomalyDiagnostics(result, modelFile), ...checkDiagnostics(result, modelFile), ...layerDiagnostics(result)];
}

/** The error a model file could not be traced with, at its line (the first line when no place is known). */
export function errorDiagnostics(error: TraceError): DiagnosticSpec[] {
  if (error.kind === "cancelled") return [];
  const loc = error.loc ?? { file: error.file, line: 1, column: 1 };
  return [{ file: loc.file, line: loc.line, column: loc.column, severity: "error", message: `${error.message} (${error.kind})`, code: "model-error", related: [] }];
}
