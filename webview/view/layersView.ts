// The Layers tab: the layer chart, a table of every layer's numbers and verdicts, and the training
// history when the trace ran optimizer steps.
import type { Chart } from "chart.js";
import type { LayerInfo, SourceLoc, TraceResult } from "../../src/protocol";
import { historyData, layerChartData } from "../model/chartData";
import { fmtLoc, fmtNorm, fmtPercent } from "../model/format";
import { applyChartDefaults, themeColors } from "./charts";
import { type Child, h, icon, iconButton, replace } from "./dom";
import { heatMapChart, layerLinesChart, lossChart } from "./historyCharts";
import { layerChart } from "./layerChartView";

/** What the Layers tab asks of the app. */
export interface LayersEvents {
  showLayer(name: string): void;
  revealSource(loc: SourceLoc): void;
  sourceHref(loc: SourceLoc): string | null;
  historyMode(): "lines" | "heatmap";
  setHistoryMode(mode: "lines" | "heatmap"): void;
}

/** The Layers tab. */
export class LayersView {
  readonly element = h("div", { class: "bpl-layers" });
  private charts: Chart[] = [];
  private result: TraceResult | null = null;

  constructor(private readonly events: LayersEvents) {}

  /** Shows a trace. */
  setTrace(result: TraceResult): void {
    this.result = result;
    this.render();
  }

  /** Redraws with the current theme's colours. */
  refreshTheme(): void {
    if (this.result) this.render();
  }

  private render(): void {
    const result = this.result!;
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const colors = themeColors();
    applyChartDefaults(colors);
    if (result.layers.length === 0) {
      replace(this.element, h("div", { class: "bpl-empty-inline" }, icon("info"), "This model has no layers: export a `model` (an nn.Module) from the model file to see per-layer gradients."));
      return;
    }
    const data = layerChartData(result);
    const canvas = h("canvas", { role: "img", "aria-label": "Gradient norm per layer, log scale" });
    const sections: HTMLElement[] = [
      h("section", { class: "bpl-card" }, h("h2", {}, "Gradient norm per layer"), h("p", { class: "bpl-hint" }, "Input on the left, loss on the right. Shaded: vanishing and exploding whatever the other layers do. Red points are flagged layers — also those that shrank or grew too much against the layers between them and the loss (hover for the reason). Click a point to find the layer in the graph."), h("div", { class: "bpl-chart" }, canvas)),
    ];
    sections.push(h("section", { class: "bpl-card" }, h("h2", {}, "Layers"), this.table(result)));
    const history = historyData(result);
    let historyCanvases: { loss: HTMLCanvasElement; layers: HTMLCanvasElement } | null = null;
    if (history) {
      const lossCanvas = h("canvas", { role: "img", "aria-label": "Loss per training step" });
      const layersCanvas = h("canvas", { role: "img", "aria-label": "Gradient norm per layer over training steps" });
      historyCanvases = { loss: lossCanvas, layers: layersCanvas };
      const mode = this.events.historyMode();
      const toggle = h(
        "div",
        { class: "bpl-segmented", role: "radiogroup", "aria-label": "History view" },
        ...(["lines", "heatmap"] as const).map((m) =>
          h("button", { type: "button", role: "radio", "aria-checked": String(m === mode), class: m === mode ? "is-on" : "", onclick: () => { this.events.setHistoryMode(m); this.render(); } }, m === "lines" ? "Lines" : "Heat map"),
        ),
      );
      sections.push(
        h(
          "section",
          { class: "bpl-card" },
          h("div", { class: "bpl-card-head" }, h("h2", {}, `Training history · ${history.steps.length} steps`), toggle),
          h("div", { class: "bpl-chart is-short" }, lossCanvas),
          h("div", { class: `bpl-chart${mode === "heatmap" ? " is-heatmap" : ""}` }, layersCanvas),
        ),
      );
    }
    replace(this.element, ...sections);
    this.charts.push(layerChart(canvas, data, colors, (name) => this.events.showLayer(name)));
    if (history && historyCanvases) {
      this.charts.push(lossChart(historyCanvases.loss, history, colors));
      this.charts.push(this.events.historyMode() === "heatmap" ? heatMapChart(historyCanvases.layers, history, colors) : layerLinesChart(historyCanvases.layers, history, colors));
    }
  }

  private table(result: TraceResult): HTMLElement {
    const layers = [...result.layers].sort((a, b) => a.depth - b.depth);
    const columns = layerColumns(layers, (l) => this.verdict(l), (l) => this.actions(l));
    const rows = layers.flatMap((l) => {
      const flagged = l.flags.length > 0 ? "is-flagged" : "";
      const main = h("tr", { class: `${flagged}${l.reasons.length > 0 ? " has-reason" : ""}` }, ...columns.map((c) => h("td", { class: [c.td, c.hide].filter((x) => x !== undefined).join(" ") }, c.cell(l))));
      // The reasons take a row of their own, the table's full width, instead of a narrow column.
      if (l.reasons.length === 0) return [main];
      return [main, h("tr", { class: `bpl-reason-row ${flagged}` }, h("td", { colspan: String(columns.length) }, h("div", { class: "bpl-reason" }, l.reasons.join(" "))))];
    });
    return h("div", { class: "bpl-table-wrap" }, h("table", { class: "bpl-table" }, h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col", class: c.hide ?? "" }, c.label)))), h("tbody", {}, ...rows)));
  }

  private verdict(l: LayerInfo): HTMLElement {
    if (l.flags.length === 0) return h("span", { class: "bpl-chip is-ok" }, icon("pass"), "ok");
    return h("div", { class: "bpl-verdicts" }, ...l.flags.map((f, i) => h("span", { class: `bpl-chip ${f === "nan" || f === "exploding" ? "is-error" : "is-warning"}`, title: l.reasons[i] ?? f }, icon("warning"), f)));
  }

  private actions(l: LayerInfo): HTMLElement {
    const href = l.loc ? this.events.sourceHref(l.loc) : null;
    return h(
      "div",
      { class: "bpl-row-actions" },
      iconButton("type-hierarchy", `Show ${l.name} in the graph`, () => this.events.showLayer(l.name)),
      l.loc ? (href ? h("a", { class: "bpl-icon-button", href, title: `Go to ${fmtLoc(l.loc)}`, "aria-label": `Go to ${fmtLoc(l.loc)}` }, icon("go-to-file")) : iconButton("go-to-file", `Go to ${fmtLoc(l.loc)}`, () => this.events.revealSource(l.loc!))) : null,
    );
  }
}

/** A column of the layer table: header, cell class (`td`), narrow-panel class (`hide`) and content. */
interface LayerColumn {
  label: string;
  td?: string;
  hide?: string;
  cell(l: LayerInfo): Child;
}

/**
 * The layer table's columns. Dead, Saturated and Update ratio only when some layer has a value (no
 * ReLU: no "Dead"; no optimizer: no "Update ratio"). A narrow panel leaves the update ratio out (the
 * training history charts show it per step); the side view's width also the class and the dead and
 * saturated fractions (the graph shows the class, the verdict names the fractions when they matter).
 */
function layerColumns(layers: readonly LayerInfo[], verdict: (l: LayerInfo) => HTMLElement, actions: (l: LayerInfo) => HTMLElement): LayerColumn[] {
  const some = (has: (l: LayerInfo) => boolean): boolean => layers.some(has);
  const medium = "bpl-medium-only";
  return [
    { label: "Layer", td: "bpl-mono", cell: (l) => l.name },
    { label: "Kind", hide: medium, cell: (l) => l.kind },
    { label: "‖g‖ params", td: "bpl-num", cell: (l) => (l.role === "params" ? fmtNorm(l.paramGradNorm) : "—") },
    { label: "‖g‖ output", td: "bpl-num", cell: (l) => fmtNorm(l.outGradNorm) },
    ...(some((l) => l.deadFraction !== null) ? [{ label: "Dead", td: "bpl-num", hide: medium, cell: (l: LayerInfo) => (l.deadFraction === null ? "—" : fmtPercent(l.deadFraction)) }] : []),
    ...(some((l) => l.saturatedFraction !== null) ? [{ label: "Saturated", td: "bpl-num", hide: medium, cell: (l: LayerInfo) => (l.saturatedFraction === null ? "—" : fmtPercent(l.saturatedFraction)) }] : []),
    ...(some((l) => l.updateRatio !== null) ? [{ label: "Update ratio", td: "bpl-num", hide: "bpl-wide-only", cell: (l: LayerInfo) => fmtNorm(l.updateRatio) }] : []),
    { label: "Verdict", cell: verdict },
    { label: "", cell: actions },
  ];
}
