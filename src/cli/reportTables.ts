// The report's tables: layers (gradient norms as log-scale bars, verdict flags), parameters (for
// models without layers, e.g. free param()s), and gradient checks with their worst elements.
import type { CheckElement, CheckResult, LayerFlag, LayerInfo, ParameterInfo, SourceLoc, TraceResult } from "../protocol";
import { displayPath, formatLoc } from "../runner/runError";
import { type Style, clip, decadeRange, logBar, num, pad, wrap } from "./style";

/** What the sections need besides the result. */
export interface ReportContext {
  style: Style;
  cwd: string;
  /** The model file (absolute): locations in it are shown by line alone. */
  file: string;
}

// The report is laid out for a 100-column terminal; bars shrink (down to MIN_BAR) to keep rows within it.
const COLUMNS = 100;
const MAX_BAR = 24;
const MIN_BAR = 12;

/** A location, short: "line 12" inside the model file, else path:line:column. */
function shortLoc(loc: SourceLoc, ctx: ReportContext): string {
  return loc.file === ctx.file ? `line ${loc.line}` : formatLoc(loc, ctx.cwd).replace(/: $/, "");
}

/** Colour of a verdict flag. */
function flagText(f: LayerFlag, s: Style): string {
  return f === "exploding" || f === "nan" ? s.red(f) : f === "vanishing" ? s.yellow(f) : s.magenta(f);
}

/** Axis line under a bar column: the low decade at its left edge, the high one at its right. */
function axis(lo: number, hi: number, cells: number, s: Style): string {
  const l = `1e${lo}`;
  const h = `1e${hi}`;
  return s.dim(l + " ".repeat(Math.max(1, cells - l.length - h.length)) + h);
}

/** The layer table, input side first. */
export function layerTable(layers: readonly LayerInfo[], ctx: ReportContext): string[] {
  const s = ctx.style;
  const [lo, hi] = decadeRange(layers.map((l) => l.paramGradNorm));
  const nameW = Math.min(30, Math.max(5, ...layers.map((l) => (l.name || "(model)").length)));
  const kindW = Math.min(18, Math.max(4, ...layers.map((l) => l.kind.length)));
  const flagsOf = (l: LayerInfo): string[] => {
    const extra = [l.deadFraction !== null && l.deadFraction > 0 ? `${pct(l.deadFraction)} dead` : "", l.saturatedFraction !== null && l.saturatedFraction > 0 ? `${pct(l.saturatedFraction)} saturated` : ""];
    return [...l.flags, ...extra.filter(Boolean)];
  };
  const flagsW = Math.max(5, ...layers.map((l) => flagsOf(l).join(" ").length));
  const cells = Math.max(MIN_BAR, Math.min(MAX_BAR, COLUMNS - 30 - nameW - kindW - flagsW));
  const head = `  ${pad("layer", nameW)}  ${pad("kind", kindW)}  ${pad("param ‖g‖", 9, true)}  ${pad("", cells)}  ${pad("out ‖g‖", 9, true)}  flags`;
  const lines = [s.bold("Layers") + s.dim("  (input → output; gradient norms, bars on a log scale)"), s.dim(head)];
  for (const l of layers) {
    const name = clip(l.name || "(model)", nameW);
    const p = l.paramGradNorm;
    const colour = l.flags.includes("exploding") ? s.red : l.flags.includes("vanishing") ? s.yellow : s.cyan;
    const flags = flagsOf(l)
      .map((f, i) => (i < l.flags.length ? flagText(f as LayerFlag, s) : s.dim(f)))
      .join(" ");
    const pCell = l.role === "activation" ? s.dim("·") : num(p);
    lines.push(`  ${pad(name, nameW)}  ${pad(s.dim(clip(l.kind, kindW)), kindW)}  ${pad(pCell, 9, true)}  ${colour(logBar(p, lo, hi, cells))}  ${pad(num(l.outGradNorm), 9, true)}  ${flags}`);
  }
  lines.push(`  ${" ".repeat(nameW + kindW + 2 + 2 + 9 + 2)}${axis(lo, hi, cells, s)}`);
  return lines;
}

function pct(f: number): string {
  return `${Math.round(f * 100)}%`;
}

/** Reasons behind the flags, at most `max` lines. */
export function verdictLines(layers: readonly LayerInfo[], ctx: ReportContext, max = 6): string[] {
  const flagged = layers.filter((l) => l.reasons.length > 0);
  if (flagged.length === 0) return [];
  const lines = flagged.slice(0, max).map((l) => `  ${ctx.style.bold(l.name || "(model)")}: ${l.reasons.join("; ")}`);
  if (flagged.length > max) lines.push(ctx.style.dim(`  … and ${flagged.length - max} more flagged layers`));
  return lines;
}

/** The parameter table (models without layers: free param()s): values of scalars, gradient norms with bars. */
export function parameterTable(params: readonly ParameterInfo[], ctx: ReportContext): string[] {
  const s = ctx.style;
  const [lo, hi] = decadeRange(params.map((p) => p.gradNorm));
  const nameW = Math.min(24, Math.max(4, ...params.map((p) => p.name.length)));
  const lines = [s.bold("Parameters") + s.dim("  (value and ∂L/∂θ; for tensors their norms ‖θ‖ and ‖g‖)")];
  lines.push(s.dim(`  ${pad("name", nameW)}  ${pad("shape", 9)}  ${pad("value", 9, true)}  ${pad("∂L/∂θ", 9, true)}  ${pad("", MAX_BAR)}  created at`));
  for (const p of params) {
    const scalar = p.numel === 1;
    const value = scalar ? num(p.value.mean) : num(p.valueNorm);
    const grad = scalar ? num(p.grad?.mean ?? null) : num(p.gradNorm);
    const where = p.loc ? s.dim(shortLoc(p.loc, ctx)) : "";
    lines.push(`  ${pad(clip(p.name, nameW), nameW)}  ${pad(s.dim(`[${p.shape.join(", ")}]`), 9)}  ${pad(value, 9, true)}  ${pad(grad, 9, true)}  ${s.cyan(logBar(p.gradNorm, lo, hi, MAX_BAR))}  ${where}`);
  }
  return lines;
}

const STATUS_ORDER = { fail: 0, kink: 1, pass: 2 } as const;

function statusText(c: { status: CheckResult["status"] }, s: Style): string {
  return c.status === "fail" ? s.red(s.bold("FAIL")) : c.status === "kink" ? s.yellow("kink") : s.green("pass");
}

/** The check table: failures (with their worst elements) first, then kinks, then the passes with the largest errors. */
export function checkTable(result: TraceResult, ctx: ReportContext, maxRows = 12): string[] {
  const s = ctx.style;
  const sum = result.checkSummary;
  const counts = [`${sum.passed} passed`, sum.failed > 0 ? s.red(`${sum.failed} failed`) : "0 failed", sum.kinks > 0 ? s.yellow(`${sum.kinks} kinks`) : "0 kinks"];
  const lines = [`${s.bold(`Gradient check`)} ${s.dim(`(${sum.mode}, central differences)`)}  ${counts.join(" · ")}  ${s.dim(`${sum.evaluations} loss evaluations`)}`];
  if (result.checks.length === 0) return lines;
  const rel = (c: CheckResult): number => (Number.isNaN(Number(c.maxRelError)) ? Infinity : Number(c.maxRelError));
  const sorted = [...result.checks].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || rel(b) - rel(a));
  const nameW = Math.min(34, Math.max(9, ...result.checks.map((c) => c.param.length)));
  lines.push(s.dim(`  ${pad("parameter", nameW)}  ${pad("elements", 13, true)}  ${pad("max abs err", 11, true)}  ${pad("max rel err", 11, true)}  status`));
  // Failures and kinks always, then the passes with the largest errors; shown in parameter order.
  const keep = new Set(sorted.slice(0, Math.max(maxRows, sorted.filter((c) => c.status !== "pass").length)));
  const shown = result.checks.filter((c) => keep.has(c));
  for (const c of shown) {
    const elems = c.mode === "fast" ? "directional" : `${c.elementsChecked}/${c.elementsTotal}`;
    const byAtol = c.status === "pass" && Number(c.maxRelError) > result.options.rtol ? s.dim("*") : "";
    lines.push(`  ${pad(clip(c.param, nameW), nameW)}  ${pad(elems, 13, true)}  ${pad(num(c.maxAbsError), 11, true)}  ${pad(num(c.maxRelError), 11, true)}  ${statusText(c, s)}${byAtol}`);
    if (c.status !== "pass") lines.push(...worstLines(c, nameW, ctx));
  }
  if (sorted.length > shown.length) lines.push(s.dim(`  … and ${sorted.length - shown.length} more passed (smaller errors)`));
  const opts = result.options;
  if (!Number.isFinite(Number(result.loss))) {
    lines.push(s.dim(`  the loss is ${num(result.loss)}, and so are its finite differences: fix the first NaN/Inf (below) first`));
  }
  if (shown.some((c) => c.status === "pass" && Number(c.maxRelError) > opts.rtol)) {
    lines.push(s.dim(`  * passed by the absolute tolerance ${num(opts.atol)}: the gradient is too small for a relative comparison`));
  }
  for (const sus of sum.suspects) {
    const what = sus.custom ? `custom op ${s.bold(sus.op)}` : `op ${s.bold(sus.op)}`;
    const where = sus.loc ? ` at ${formatLoc(sus.loc, ctx.cwd).replace(/: $/, "")}` : "";
    const mod = sus.module ? ` in ${sus.module}` : "";
    lines.push(`  ${s.red("→")} the backward of ${what}${mod}${where} is wrong:`, ...wrap(sus.evidence, COLUMNS - 4).map((l) => s.dim(`    ${l}`)));
  }
  return lines;
}

/** The worst elements of a failed or kinked check, one line each. */
function worstLines(c: CheckResult, indent: number, ctx: ReportContext): string[] {
  const s = ctx.style;
  const els: CheckElement[] = c.worst.length > 0 ? c.worst.slice(0, 3) : [c.directional];
  return els.map((e) => {
    const at = e.index < 0 ? "direction" : `[${e.position.join(", ")}]`;
    const kink = e.kinkOp ? s.dim(` (step crossed the switch point of ${e.kinkOp.op}${e.kinkOp.loc ? ` at ${displayPath(e.kinkOp.loc.file, ctx.cwd)}:${e.kinkOp.loc.line}` : ""})`) : "";
    return s.dim(`    ${pad(at, Math.max(0, indent - 2))}  analytic ${pad(num(e.analytic), 9, true)}  numeric ${pad(num(e.numeric), 9, true)}  rel err ${num(e.relError)}`) + kink;
  });
}
