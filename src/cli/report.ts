// The readable report of a trace: header with the loss, the layer (or parameter) table, the gradient
// check, anomalies with the user's source line, the training history, and a one-line verdict.
import type { Anomaly, TraceResult } from "../protocol";
import { type RunError, displayPath, formatLoc } from "../runner/runError";
import { type ReportContext, checkTable, layerTable, parameterTable, verdictLines } from "./reportTables";
import { graphTable } from "./reportGraph";
import { type Style, num, sparkline } from "./style";

// Small graphs of free parameters (the lecture's examples) are listed node by node, as the lecture
// walks through them; models with layers get the layer table instead.
const GRAPH_MAX_NODES = 30;

/** The report's inputs besides the result. */
export interface ReportOptions extends ReportContext {
  /** Reads line `line` (1-based) of a file, or null; used to show the source of anomalies and errors. */
  sourceLine(file: string, line: number): string | null;
}

/** 0 when every check passes (kinks are not failures) and there is no anomaly; 1 otherwise. */
export function exitCodeOf(result: TraceResult): 0 | 1 {
  return result.checkSummary.failed > 0 || result.anomalies.length > 0 ? 1 : 0;
}

/** The whole report, as lines. */
export function renderReport(result: TraceResult, opts: ReportOptions): string[] {
  const s = opts.style;
  const out: string[] = [];
  const blank = (): void => {
    out.push("");
  };
  out.push(...header(result, opts));
  if (result.layers.length === 0 && result.graph.nodes.length <= GRAPH_MAX_NODES && !result.graph.truncated) {
    blank();
    out.push(...graphTable(result.graph, opts));
  }
  if (result.layers.length > 0) {
    blank();
    out.push(...layerTable(result.layers, opts));
    const reasons = verdictLines(result.layers, opts);
    if (reasons.length > 0) out.push(...reasons);
  } else if (result.parameters.length > 0) {
    blank();
    out.push(...parameterTable(result.parameters, opts));
  }
  if (result.checkSummary.mode !== "off") {
    blank();
    out.push(...checkTable(result, opts));
  }
  if (result.anomalies.length > 0) {
    blank();
    out.push(s.bold(s.red("Anomalies")));
    for (const a of result.anomalies) out.push(...anomalyLines(a, opts));
  }
  if (result.history.length > 0) {
    blank();
    out.push(...historyLines(result, s));
  }
  if (result.warnings.length > 0) {
    blank();
    for (const w of result.warnings) out.push(`${s.yellow("warning:")} ${w}`);
  }
  blank();
  out.push(verdict(result, s));
  return out.map((l) => l.trimEnd());
}

function header(result: TraceResult, opts: ReportOptions): string[] {
  const s = opts.style;
  const loss = Number(result.loss);
  const lossText = Number.isFinite(loss) ? s.bold(num(loss)) : s.red(s.bold(num(loss)));
  const facts = [
    `seed ${result.seed}`,
    `${result.parameters.length} parameter${result.parameters.length === 1 ? "" : "s"} (${plural(result.parameters.reduce((n, p) => n + p.numel, 0), "value")})`,
    `${result.graph.totalNodes} graph nodes`,
    duration(result.timings.total),
  ];
  return [`${s.bold("Backprop Lens")} ${s.dim("·")} ${displayPath(opts.file, opts.cwd)}`, `loss ${lossText}   ${s.dim(facts.join(" · "))}`];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One anomaly: what, where, and the user's source line with a caret under the column. */
function anomalyLines(a: Anomaly, opts: ReportOptions): string[] {
  const s = opts.style;
  const what = a.nan > 0 && a.inf > 0 ? "NaN and Inf" : a.nan > 0 ? "NaN" : "Inf";
  const where = a.loc ? `${formatLoc(a.loc, opts.cwd)}` : "";
  const op = a.custom ? `custom op ${s.bold(a.op)}` : s.bold(a.op);
  const mod = a.module !== null ? s.dim(` (in ${a.module || "the model"})`) : "";
  const lines = [`  ${s.red("✗")} ${where}first ${what} in the ${a.phase} pass, from ${op}${mod}`, `    ${a.message}`];
  if (a.loc) lines.push(...sourceExcerpt(a.loc.file, a.loc.line, a.loc.column, opts));
  return lines;
}

/** The source line with its number and a caret at the column (nothing when the file cannot be read). */
export function sourceExcerpt(file: string, line: number, column: number, opts: Pick<ReportOptions, "sourceLine" | "style">): string[] {
  const text = opts.sourceLine(file, line);
  if (text === null) return [];
  const s = opts.style;
  const n = String(line);
  const shown = text.replace(/\t/g, "  ").replace(/\s+$/, "");
  const caretAt = [...text.slice(0, Math.max(0, column - 1))].reduce((w, ch) => w + (ch === "\t" ? 2 : 1), 0);
  return [`    ${s.dim(`${n} │`)} ${shown}`, `    ${" ".repeat(n.length)} ${s.dim("│")} ${" ".repeat(caretAt)}${s.red("^")}`];
}

function historyLines(result: TraceResult, s: Style): string[] {
  const losses = result.history.map((h) => Number(h.loss));
  const first = losses[0];
  const last = losses[losses.length - 1];
  return [`${s.bold("Training")}  ${result.history.length} steps  loss ${num(first)} → ${s.bold(num(last))}  ${s.cyan(sparkline(losses, 40))}`];
}

function verdict(result: TraceResult, s: Style): string {
  const sum = result.checkSummary;
  const total = sum.passed + sum.failed + sum.kinks;
  const checks =
    sum.mode === "off"
      ? "gradient checks off"
      : total === 0
        ? "no parameter could be checked"
        : sum.failed > 0
        ? `${sum.failed} of ${total} gradient checks FAIL`
        : `all ${total} gradient checks pass${sum.kinks > 0 ? ` (${sum.kinks} with kinks)` : ""}`;
  const n = result.anomalies.length;
  const anomalies = n === 0 ? "no NaN/Inf" : `${n} NaN/Inf anomal${n === 1 ? "y" : "ies"}`;
  const flagged = result.layers.filter((l) => l.flags.length > 0).length;
  const flags = flagged > 0 ? s.yellow(` · ${flagged} flagged layer${flagged === 1 ? "" : "s"}`) : "";
  return exitCodeOf(result) === 0 ? `${s.green("✓")} ${checks} · ${anomalies}${flags}` : `${s.red("✗")} ${s.bold(`${checks} · ${anomalies}`)}${flags}`;
}

/** A run error for stderr: `file:line:col: error: message`, the source line, and the user's other stack frames. */
export function renderRunError(err: RunError, opts: Pick<ReportOptions, "sourceLine" | "style" | "cwd">, verbose: boolean): string[] {
  const s = opts.style;
  const where = err.loc ? formatLoc(err.loc, opts.cwd) : err.file ? `${displayPath(err.file, opts.cwd)}: ` : "";
  const lines = [`${s.bold(where)}${s.red(s.bold("error:"))} ${err.message}`];
  if (err.loc) lines.push(...sourceExcerpt(err.loc.file, err.loc.line, err.loc.column, opts));
  if (verbose && err.detail) lines.push(...err.detail.split("\n").slice(1).map((f) => s.dim(f)));
  else for (const f of (err.frames ?? []).slice(1)) lines.push(s.dim(`    called from ${formatLoc(f, opts.cwd).replace(/: $/, "")}`));
  return lines;
}
