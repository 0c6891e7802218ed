// Training-history charts: the loss per step, and per-layer gradient norms over steps as lines or as
// a layer × step heat map in the graph's colour scale.
import { Chart } from "chart.js";
import type { HistoryData } from "../model/chartData";
import { type ColorScale, colorForNorm, paletteAt, scaleForNorms } from "../model/colorScale";
import { fmtNorm, fmtNum } from "../model/format";
import { type ThemeColors, decadeTick } from "./charts";

/** The loss over the recorded steps (log axis when every loss is positive). */
export function lossChart(canvas: HTMLCanvasElement, d: HistoryData, c: ThemeColors): Chart<"line", (number | null)[], number> {
  const positive = d.loss.every((v) => v === null || v > 0);
  return new Chart<"line", (number | null)[], number>(canvas, {
    type: "line",
    data: { labels: d.steps, datasets: [{ label: "loss", data: d.loss, borderColor: c.loss, backgroundColor: c.loss, pointRadius: 0, borderWidth: 2 }] },
    options: {
      responsive: true,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { title: { display: true, text: "step" }, grid: { display: false } },
        y: positive
          ? { type: "logarithmic", title: { display: true, text: "loss (log)" }, ticks: { callback: (v) => (isNiceLogTick(Number(v)) ? fmtNum(Number(v), 2) : "") }, grid: { color: c.grid } }
          : { title: { display: true, text: "loss" }, grid: { color: c.grid } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => ` loss ${fmtNum(item.parsed.y)}` } } },
    },
  });
}

/** Per-layer parameter-gradient norms over steps, one line per layer coloured by depth. */
export function layerLinesChart(canvas: HTMLCanvasElement, d: HistoryData, c: ThemeColors): Chart<"line", (number | null)[], number> {
  const n = d.series.length;
  return new Chart<"line", (number | null)[], number>(canvas, {
    type: "line",
    data: {
      labels: d.steps,
      datasets: d.series.map((s, i) => {
        const color = paletteAt(n > 1 ? i / (n - 1) : 0.5);
        return { label: s.layer, data: s.values, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5, spanGaps: true };
      }),
    },
    options: {
      responsive: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: { title: { display: true, text: "step" }, grid: { display: false } },
        y: { type: "logarithmic", title: { display: true, text: "‖g‖ of layer parameters (log)" }, ticks: { callback: decadeTick }, grid: { color: c.grid } },
      },
      plugins: {
        legend: { display: n <= 10, position: "bottom", labels: { boxWidth: 10, color: c.fg } },
        tooltip: { callbacks: { label: (item) => ` ${item.dataset.label}: ${fmtNorm(item.parsed.y)}` } },
      },
    },
  });
}

/** The layer × step heat map: one cell per (step, layer), coloured like the graph (log10 ‖g‖). */
export function heatMapChart(canvas: HTMLCanvasElement, d: HistoryData, c: ThemeColors): Chart<"matrix"> {
  const scale: ColorScale = scaleForNorms(d.cells.map((cell) => cell.v));
  const layers = d.series.map((s) => s.layer);
  const steps = d.steps.length;
  return new Chart<"matrix">(canvas, {
    type: "matrix",
    data: {
      datasets: [
        {
          label: "‖g‖",
          data: d.cells.map((cell) => ({ x: cell.x, y: layers[cell.y], v: cell.v ?? undefined })),
          backgroundColor: (ctx) => {
            const raw = ctx.raw as { v?: number } | undefined;
            const col = colorForNorm(raw?.v ?? null, scale);
            return col.kind === "value" ? col.color : c.grid;
          },
          borderWidth: 0,
          width: ({ chart }) => Math.max(1, (chart.chartArea?.width ?? 0) / steps - 1),
          height: ({ chart }) => Math.max(1, (chart.chartArea?.height ?? 0) / Math.max(1, layers.length) - 1),
        },
      ],
    },
    options: {
      responsive: true,
      scales: {
        x: {
          type: "linear",
          offset: false,
          min: d.steps[0] - 0.5,
          max: d.steps[steps - 1] + 0.5,
          title: { display: true, text: "step" },
          // Cells are centred on whole steps; the axis edges sit half a step out and stay unlabelled.
          afterBuildTicks: (axis) => {
            const every = Math.max(1, Math.ceil(steps / 12));
            axis.ticks = d.steps.filter((_, k) => k % every === 0).map((value) => ({ value }));
          },
          grid: { display: false },
        },
        y: { type: "category", labels: layers, offset: true, reverse: false, title: { display: true, text: "layer (input → output)" }, grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => "",
            label: (item) => {
              const raw = item.raw as { x: number; y: string; v?: number };
              return ` ${raw.y}, step ${raw.x}: ‖g‖ ${fmtNorm(raw.v ?? null)}`;
            },
          },
        },
      },
    },
  });
}

// 1, 2 and 5 times a power of ten: enough labels on a short log axis without crowding it.
function isNiceLogTick(v: number): boolean {
  const m = v / Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 5].some((x) => Math.abs(m - x) < 1e-9);
}
