// The Layers tab: the layer chart, a table of every layer's numbers and verdicts, and the training
// history when the trace ran optimizer steps.
import type { Chart } from "chart.js";
import type { SourceLoc, TraceResult } from "../../src/protocol";
import { historyData, layerChartData } from "../model/chartData";
import { fmtLoc, fmtNorm, fmtPercent } from "../model/format";
import { applyChartDefaults, themeColors } from "./charts";
import { h, icon, iconButton, replace } from "./dom";
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
    // Columns only where some layer has a value (no ReLU: no "Dead"; no optimizer: no "Update ratio").
    const hasDead = layers.some((l) => l.deadFraction !== null);
    const hasSaturated = layers.some((l) => l.saturatedFraction !== null);
    const hasUpdate = layers.some((l) => l.updateRatio !== null);
    const head = ["Layer", "Kind", "‖g‖ params", "‖g‖ output", ...(hasDead ? ["Dead"] : []), ...(hasSaturated ? ["Saturated"] : []), ...(hasUpdate ? ["Update ratio"] : []), "Verdict", ""];
    // A narrow panel leaves the update ratio out (the training history charts show it per step); the
    // side view's width also the class and the dead and saturated fractions (the graph shows the class,
    // the verdict names the fractions when they matter).
    const wide = (label: string): string => (label === "Update ratio" ? "bpl-wide-only" : label === "Kind" || label === "Dead" || label === "Saturated" ? "bpl-medium-only" : "");
    const rows = layers.flatMap((l) => {
      const verdict = l.flags.length === 0 ? h("span", { class: "bpl-chip is-ok" }, icon("pass"), "ok") : h("div", { class: "bpl-verdicts" }, ...l.flags.map((f, i) => h("span", { class: `bpl-chip ${f === "nan" || f === "exploding" ? "is-error" : "is-warning"}`, title: l.reasons[i] ?? f }, icon("warning"), f)));
      const href = l.loc ? this.events.sourceHref(l.loc) : null;
      const actions = h(
        "div",
        { class: "bpl-row-actions" },
        iconButton("type-hierarchy", `Show ${l.name} in the graph`, () => this.events.showLayer(l.name)),
        l.loc ? (href ? h("a", { class: "bpl-icon-button", href, title: `Go to ${fmtLoc(l.loc)}`, "aria-label": `Go to ${fmtLoc(l.loc)}` }, icon("go-to-file")) : iconButton("go-to-file", `Go to ${fmtLoc(l.loc)}`, () => this.events.revealSource(l.loc!))) : null,
      );
      const flagged = l.flags.length > 0 ? "is-flagged" : "";
      const main = h(
        "tr",
        { class: `${flagged}${l.reasons.length > 0 ? " has-reason" : ""}` },
        h("td", { class: "bpl-mono" }, l.name),
        h("td", { class: "bpl-medium-only" }, l.kind),
        h("td", { class: "bpl-num" }, l.role === "params" ? fmtNorm(l.paramGradNorm) : "—"),
        h("td", { class: "bpl-num" }, fmtNorm(l.outGradNorm)),
        hasDead ? h("td", { class: "bpl-num bpl-medium-only" }, l.deadFraction === null ? "—" : fmtPercent(l.deadFraction)) : null,
        hasSaturated ? h("td", { class: "bpl-num bpl-medium-only" }, l.saturatedFraction === null ? "—" : fmtPercent(l.saturatedFraction)) : null,
        hasUpdate ? h("td", { class: "bpl-num bpl-wide-only" }, fmtNorm(l.updateRatio)) : null,
        h("td", {}, verdict),
        h("td", {}, actions),
      );
      // The reasons take a row of their own, the table's full width, instead of a narrow column.
      if (l.reasons.length === 0) return [main];
      return [main, h("tr", { class: `bpl-reason-row ${flagged}` }, h("td", { colspan: String(head.length) }, h("div", { class: "bpl-reason" }, l.reasons.join(" "))))];
    });
    return h("div", { class: "bpl-table-wrap" }, h("table", { class: "bpl-table" }, h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col", class: wide(t) }, t)))), h("tbody", {}, ...rows)));
  }
}
