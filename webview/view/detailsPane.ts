// The details pane: what the selected box holds — statistics of the value and the gradient, the
// gradient histogram, the check result, flags, neighbours, and "Go to source".
import { Chart } from "chart.js";
import type { SourceLoc, TensorStats } from "../../src/protocol";
import type { GroupStats } from "../model/aggregates";
import { fmtCount, fmtLoc, fmtNorm, fmtNum, fmtPercent, fmtShape, jsonNum } from "../model/format";
import type { GraphIndex, NodeFlag } from "../model/graphIndex";
import { histogramBars } from "../model/histogramData";
import type { VisibleItem } from "../model/visibleGraph";
import { type RepeatRun, runTitle } from "../model/repeats";
import { nodeText } from "../model/boxText";
import { themeColors } from "./charts";
import { button, h, icon, iconButton, statList } from "./dom";

/** What the details pane asks of the app. */
export interface DetailsEvents {
  close(): void;
  selectNode(id: number): void;
  toggle(key: string): void;
  revealSource(loc: SourceLoc): void;
  sourceHref(loc: SourceLoc): string | null;
  showChecks(param: string): void;
  /** Lays out every box (after the panel drew only the part nearest the loss). */
  showAll(): void;
  /** The run of identical blocks a module belongs to (to merge it back into one "× N" box). */
  runOf(path: string): RepeatRun | null;
  mergeRun(run: RepeatRun): void;
}

/** Builds the pane for a selected item; returns the element and a disposer for its chart. */
export function detailsPane(index: GraphIndex, item: VisibleItem, ev: DetailsEvents): { element: HTMLElement; dispose: () => void } {
  if (item.kind === "more") return { element: morePane(item.nodes, ev), dispose: () => undefined };
  const charts: Chart[] = [];
  const body: (HTMLElement | null)[] = [];
  let title: string;
  let tag: string;
  let loc: SourceLoc | null = null;
  let flags: NodeFlag[] = [];
  if (item.kind === "node") {
    const node = index.nodes[item.nodeId];
    const text = nodeText(index, node);
    title = text.title;
    tag = [text.tag || (node.kind === "op" ? "" : node.kind), node.module ? `in module ${node.module}` : ""].filter((t) => t !== "").join(" · ") || "op";
    loc = node.loc;
    flags = index.nodeFlags.get(node.id) ?? [];
    const param = index.paramByNode.get(node.id);
    body.push(section("Value", statsList(node.value, node.shape), node.values && node.values.length > 1 && node.values.length <= 16 ? valuesLine(node.values) : null));
    const gradBody: (HTMLElement | null)[] = [node.grad ? statsList(node.grad, node.shape) : h("p", { class: "bpl-muted" }, "No gradient flows to this value (it does not depend on a parameter).")];
    if (node.gradValues && node.gradValues.length > 1 && node.gradValues.length <= 16) gradBody.push(valuesLine(node.gradValues));
    const bars = histogramBars(node.grad);
    if (bars && bars.counts.length > 0 && node.value.numel > 1) {
      const canvas = h("canvas", { role: "img", "aria-label": "Histogram of |gradient| by decade" });
      gradBody.push(h("div", { class: "bpl-chart is-mini" }, canvas), h("p", { class: "bpl-hint" }, `|g| per decade${bars.zeros > 0 ? ` · ${fmtCount(bars.zeros)} exact zeros` : ""}${bars.nonFinite > 0 ? ` · ${fmtCount(bars.nonFinite)} NaN/Inf` : ""}`));
      requestAnimationFrame(() => charts.push(histogramChart(canvas, bars.labels, bars.counts)));
    }
    body.push(section("Gradient  dL/d(value)", ...gradBody));
    if (param) {
      body.push(section("Parameter", statList([
        ["name", param.name],
        ["‖g‖ / ‖w‖", fmtNorm(param.gradToValueRatio)],
        ["update ratio", param.updateRatio === null ? "— (no optimizer step)" : fmtNorm(param.updateRatio)],
      ])));
      const check = index.checkByParam.get(param.name);
      if (check) {
        body.push(section("Gradient check", statList([
          ["status", h("span", { class: `bpl-status is-${check.status}` }, icon(check.status === "pass" ? "pass" : check.status === "fail" ? "error" : "warning"), check.status)],
          ["max rel. error", fmtNum(jsonNum(check.maxRelError), 3)],
          ["checked", `${fmtCount(check.elementsChecked)} of ${fmtCount(check.elementsTotal)} (${check.mode})`],
          ["∇L·v", `${fmtNum(jsonNum(check.directional.analytic), 6)} vs ${fmtNum(jsonNum(check.directional.numeric), 6)}`],
        ]), button("Open in the check table", () => ev.showChecks(param.name), { icon: "table", secondary: true })));
      }
    }
    body.push(neighbours(index, node.id, ev));
  } else {
    const stats = item.kind === "group" && !item.expanded ? item.stats : item.kind === "repeat" ? item.stats : null;
    const path = item.kind === "group" ? item.path : item.run.members[0];
    const layer = index.layerByName.get(path);
    title = item.kind === "repeat" ? `${runTitle(item.run)} × ${item.run.members.length}` : path;
    tag = stats?.kind ?? layer?.kind ?? "module";
    loc = layer?.loc ?? null;
    flags = stats?.flags ?? index.groupFlags.get(path) ?? [];
    if (stats) body.push(section("Inside", groupStatsList(stats)));
    if (item.kind === "repeat") {
      body.push(section("Per block: ‖dL/d(output)‖", h("ol", { class: "bpl-member-list" }, ...item.run.members.map((m, i) => h("li", {}, h("span", { class: "bpl-mono" }, m), h("span", { class: "bpl-num" }, fmtNorm(item.memberNorms[i])))))));
      body.push(h("div", { class: "bpl-actions" }, button(`Expand into ${item.run.members.length} blocks`, () => ev.toggle(item.key), { icon: "expand-all" })));
    } else if (item.kind === "group") {
      if (layer) body.push(section("Layer", statList([
        ["‖g‖ params", fmtNorm(layer.paramGradNorm)],
        ["‖g‖ output", fmtNorm(layer.outGradNorm)],
        ["dead units", layer.deadFraction === null ? "—" : fmtPercent(layer.deadFraction)],
        ["saturated", layer.saturatedFraction === null ? "—" : fmtPercent(layer.saturatedFraction)],
      ])));
      const run = ev.runOf(item.path);
      body.push(
        h(
          "div",
          { class: "bpl-actions" },
          button(item.expanded ? "Collapse module" : "Expand module", () => ev.toggle(item.key), { icon: item.expanded ? "collapse-all" : "expand-all" }),
          run ? button(`Merge ${runTitle(run)} into one × ${run.members.length}`, () => ev.mergeRun(run), { icon: "fold", secondary: true }) : null,
        ),
      );
    }
  }
  const href = loc ? ev.sourceHref(loc) : null;
  const goTo = loc ? (href ? h("a", { class: "bpl-button", href }, icon("go-to-file"), "Go to source") : button("Go to source", () => ev.revealSource(loc!), { icon: "go-to-file" })) : null;
  const element = h(
    "div",
    { class: "bpl-details", role: "region", "aria-label": `Details of ${title}` },
    h("div", { class: "bpl-details-head" }, h("div", {}, h("div", { class: "bpl-details-title" }, title), h("div", { class: "bpl-muted" }, tag)), iconButton("close", "Close details (Esc)", () => ev.close())),
    flags.length > 0 ? h("ul", { class: "bpl-flag-list" }, ...flags.map((f) => h("li", { class: f.kind === "nan" || f.kind === "anomaly" || f.kind === "check-fail" || f.kind === "suspect" ? "is-error" : "is-warning" }, icon(f.kind === "check-fail" || f.kind === "nan" || f.kind === "anomaly" ? "error" : "warning"), h("div", {}, h("strong", {}, f.kind), " ", f.text)))) : null,
    goTo ? h("div", { class: "bpl-source" }, goTo, h("span", { class: "bpl-muted bpl-mono" }, fmtLoc(loc))) : null,
    ...body,
  );
  return { element, dispose: () => charts.forEach((c) => c.destroy()) };
}

function section(title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h("section", { class: "bpl-details-section" }, h("h3", {}, title), ...content);
}

function statsList(s: TensorStats, shape: number[]): HTMLElement {
  if (s.numel === 1) return statList([["shape", fmtShape(shape)], ["value", s.mean !== null ? fmtNum(s.mean, 6) : s.nan > 0 ? "NaN" : "∞"]]);
  const rows: [string, string][] = [
    ["shape", `${fmtShape(shape)} · ${fmtCount(s.numel)} el.`],
    ["norm", fmtNorm(s.norm)],
    ["mean ± std", `${fmtNum(s.mean)} ± ${fmtNum(s.std)}`],
    ["min … max", `${fmtNum(s.min)} … ${fmtNum(s.max)}`],
    ["zeros", fmtPercent(s.zeroFraction)],
  ];
  if (s.nan + s.inf > 0) rows.push(["NaN / Inf", `${fmtCount(s.nan)} / ${fmtCount(s.inf)}`]);
  return statList(rows);
}

function groupStatsList(s: GroupStats): HTMLElement {
  return statList([
    ["nodes", `${fmtCount(s.nodeCount)} (${fmtCount(s.opCount)} ops)`],
    ["parameters", `${fmtCount(s.paramCount)} (${fmtCount(s.paramNumel)} values)`],
    ["‖g‖ output", fmtNorm(s.outGradNorm)],
    ["‖g‖ params", fmtNorm(s.paramGradNorm)],
    ["‖g‖ range inside", s.minLogGrad === null ? "—" : `1e${s.minLogGrad.toFixed(1)} … 1e${s.maxLogGrad!.toFixed(1)}`],
  ]);
}

function valuesLine(values: readonly (number | string)[]): HTMLElement {
  return h("div", { class: "bpl-values bpl-mono" }, `[${values.map((v) => fmtNum(jsonNum(v as number))).join(", ")}]`);
}

function neighbours(index: GraphIndex, id: number, ev: DetailsEvents): HTMLElement {
  const link = (n: number): HTMLElement => {
    const t = nodeText(index, index.nodes[n]);
    return h("button", { type: "button", class: "bpl-link", onclick: () => ev.selectNode(n) }, `${t.title}${t.tag ? ` (${t.tag})` : ""}`);
  };
  const ins = index.inputs[id];
  const outs = index.consumers[id];
  return section(
    "Connections",
    h("div", { class: "bpl-neighbours" }, h("span", { class: "bpl-muted" }, "inputs"), ins.length > 0 ? h("div", {}, ...ins.map(link)) : h("span", { class: "bpl-muted" }, "none (a leaf)")),
    h("div", { class: "bpl-neighbours" }, h("span", { class: "bpl-muted" }, "used by"), outs.length > 0 ? h("div", {}, ...outs.slice(0, 12).map(link), outs.length > 12 ? h("span", { class: "bpl-muted" }, `+${outs.length - 12} more`) : null) : h("span", { class: "bpl-muted" }, "nothing (the loss)")),
  );
}

function histogramChart(canvas: HTMLCanvasElement, labels: string[], counts: number[]): Chart<"bar", number[], string> {
  const c = themeColors();
  return new Chart<"bar", number[], string>(canvas, {
    type: "bar",
    data: { labels, datasets: [{ data: counts, backgroundColor: c.param, borderWidth: 0, barPercentage: 0.95, categoryPercentage: 1 }] },
    options: {
      responsive: true,
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `|g| in [${items[0]?.label ?? ""}, ×10)`, label: (item) => ` ${fmtCount(Number(item.raw))} elements` } } },
      scales: { x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } }, y: { grid: { color: c.grid }, ticks: { precision: 0 } } },
    },
  });
}

function morePane(nodes: number, ev: DetailsEvents): HTMLElement {
  return h(
    "div",
    { class: "bpl-details" },
    h("div", { class: "bpl-details-head" }, h("div", { class: "bpl-details-title" }, `⋯ ${fmtCount(nodes)} more nodes`), iconButton("close", "Close details (Esc)", () => ev.close())),
    h("p", {}, "This graph is too large to lay out at once without a wait, so the panel drew the part nearest the loss — where the backward pass starts. The nodes further up feed into this box."),
    h("p", { class: "bpl-muted" }, "Collapsing modules (toolbar) shows the whole structure at once; showing every node takes several seconds."),
    h("div", { class: "bpl-actions" }, button("Show all nodes", () => ev.showAll(), { icon: "eye", secondary: true })),
  );
}
