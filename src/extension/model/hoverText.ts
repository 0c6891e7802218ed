// The hover card of one or more parameters, as Markdown, from the last trace result: name, shape,
// gradient statistics, ‖g‖/‖w‖, the verdict, the check, and command links. Pure: the hover provider
// wraps it in a MarkdownString that trusts exactly the commands named here.
import type { ParameterInfo, TensorStats, TraceResult } from "../../protocol";
import { fmt, fmtShape } from "./format";
import { checkOf, checkText, layerOf, paramVerdict } from "./verdict";

/** Command ids the hover links to (the hover trusts these and no others). */
export const HOVER_COMMANDS = { showInGraph: "backpropLens.showInGraph", checkParameter: "backpropLens.checkParameter" } as const;

/** Most parameters listed one by one; more are summarized in one table. */
const DETAILED_MAX = 3;
/** Rows of the summary table. */
const TABLE_MAX = 12;

/** What the card is about besides the parameters. */
export interface HoverContext {
  /** The model file the trace belongs to (command links carry it). */
  file: string;
  /** The file has changed since this trace (or a new trace is running). */
  stale: boolean;
}

/** A `command:` link with JSON arguments. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** Largest |x| of a summary. */
function absMax(s: TensorStats | null): number | null {
  if (!s || s.min === null || s.max === null) return null;
  return Math.max(Math.abs(s.min), Math.abs(s.max));
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

function verdictCell(result: TraceResult, p: ParameterInfo): string {
  const v = paramVerdict(result, p);
  const icon = v.severity === "ok" ? "✓" : v.severity === "warning" ? "⚠" : "✗";
  return `${icon} ${v.text}`;
}

function detailed(result: TraceResult, p: ParameterInfo, ctx: HoverContext): string {
  const g = p.grad;
  const layer = layerOf(result, p);
  const v = paramVerdict(result, p);
  const rows: [string, string][] = [
    ["‖grad‖", `**${fmt(p.gradNorm)}**`],
    ["mean / std / abs-max", g ? `${fmt(g.mean)} / ${fmt(g.std)} / ${fmt(absMax(g))}` : "no gradient"],
    ["‖g‖ / ‖w‖", fmt(p.gradToValueRatio)],
    ["verdict", `${verdictCell(result, p)}${v.reasons.length > 0 ? ` — ${escapeMd(v.reasons.join("; "))}` : ""}`],
    ["check", escapeMd(checkText(checkOf(result, p), result.options.check))],
  ];
  if (p.updateRatio !== null) rows.splice(3, 0, ["update ‖Δw‖ / ‖w‖", fmt(p.updateRatio)]);
  const title = `**\`${p.name}\`** · \`${fmtShape(p.shape)}\`${layer ? ` · ${escapeMd(layer.kind)}` : p.module === null ? " · free parameter" : ""}`;
  const links = [
    commandLink("Show in graph", HOVER_COMMANDS.showInGraph, [ctx.file, p.name]),
    commandLink("Check this parameter", HOVER_COMMANDS.checkParameter, [ctx.file, p.name]),
  ].join(" · ");
  return [title, "", "| | |", "|:--|:--|", ...rows.map(([k, val]) => `| ${k} | ${val} |`), "", links].join("\n");
}

function summaryTable(result: TraceResult, params: readonly ParameterInfo[], ctx: HoverContext): string {
  const shown = params.slice(0, TABLE_MAX);
  const lines = [
    "| parameter | shape | ‖grad‖ | ‖g‖/‖w‖ | verdict | check |",
    "|:--|:--|--:|--:|:--|:--|",
    ...shown.map((p) => {
      const c = checkOf(result, p);
      const check = c ? `${c.status === "pass" ? "✓" : c.status === "fail" ? "✗" : "~"} ${fmt(c.maxRelError)}` : "—";
      return `| ${commandLink(`\`${p.name}\``, HOVER_COMMANDS.showInGraph, [ctx.file, p.name])} | \`${fmtShape(p.shape)}\` | ${fmt(p.gradNorm)} | ${fmt(p.gradToValueRatio)} | ${verdictCell(result, p)} | ${check} |`;
    }),
  ];
  if (params.length > shown.length) lines.push("", `… and ${params.length - shown.length} more parameters (see the panel).`);
  lines.push("", commandLink("Check these parameters", HOVER_COMMANDS.checkParameter, [ctx.file, ...params.map((p) => p.name)]));
  return lines.join("\n");
}

/** The hover Markdown for `params` (one or more, from `result`). */
export function hoverMarkdown(result: TraceResult, params: readonly ParameterInfo[], ctx: HoverContext): string {
  const head = `**Backprop Lens** — gradients of the last trace (loss ${fmt(result.loss)})`;
  const stale = ctx.stale ? ["", "_The file changed since this trace: save it to trace again._"] : [];
  const body = params.length <= DETAILED_MAX ? params.map((p) => detailed(result, p, ctx)).join("\n\n---\n\n") : summaryTable(result, params, ctx);
  return [head, ...stale, "", body].join("\n");
}
