// The layer chart: per-layer gradient norms of parameters and of activations on a log axis, with the
// vanishing and exploding bands shaded and flagged layers highlighted.
import { Chart, type TooltipItem } from "chart.js";
import type { LayerChartData } from "../model/chartData";
import { fmtNorm } from "../model/format";
import { type ThemeColors, bandsPlugin, decadeTick } from "./charts";

/** Draws the layer chart into a canvas; `onLayer` gets the clicked layer's name. */
export function layerChart(canvas: HTMLCanvasElement, d: LayerChartData, c: ThemeColors, onLayer: (name: string) => void): Chart<"line", (number | null)[], string> {
  const flagged = d.flags.map((f) => f.length > 0);
  // A layer's verdict is about one of its two norms: ring that point only.
  const ringed = (role: "params" | "activation") => (ctx: { dataIndex: number }): boolean => flagged[ctx.dataIndex] && d.roles[ctx.dataIndex] === role;
  const floor = Math.pow(10, d.yMin);
  // A log axis cannot show 0: exact zeros sit on the floor with a cross marker.
  const values = (norms: (number | null)[], zero: boolean[]): (number | null)[] => norms.map((v, i) => (zero[i] ? floor : v));
  const pointStyle = (zero: boolean[]) => (ctx: { dataIndex: number }) => (zero[ctx.dataIndex] ? "crossRot" : "circle");
  const radius = (role: "params" | "activation") => (ctx: { dataIndex: number }): number => (ringed(role)(ctx) ? 6 : 3.5);
  const border = (base: string, role: "params" | "activation") => (ctx: { dataIndex: number }): string => (ringed(role)(ctx) ? c.error : base);
  return new Chart<"line", (number | null)[], string>(canvas, {
    type: "line",
    data: {
      labels: d.labels,
      datasets: [
        {
          label: "‖g‖ of the layer's parameters",
          data: values(d.paramNorms, d.zeroParam),
          borderColor: c.param,
          backgroundColor: c.param,
          pointBorderColor: border(c.param, "params"),
          pointBorderWidth: (ctx) => (ringed("params")(ctx) ? 2.5 : 1),
          pointRadius: radius("params"),
          pointHoverRadius: 7,
          pointStyle: pointStyle(d.zeroParam),
          spanGaps: true,
          borderWidth: 2,
        },
        {
          label: "‖dL/d(output)‖ (activation gradient)",
          data: values(d.outNorms, d.zeroOut),
          borderColor: c.activation,
          backgroundColor: c.activation,
          pointBorderColor: border(c.activation, "activation"),
          pointBorderWidth: (ctx) => (ringed("activation")(ctx) ? 2.5 : 1),
          pointRadius: radius("activation"),
          pointHoverRadius: 7,
          pointStyle: pointStyle(d.zeroOut),
          borderDash: [5, 3],
          spanGaps: true,
          borderWidth: 2,
        },
      ],
    },
    options: {
      responsive: true,
      interaction: { mode: "index", intersect: false },
      onClick: (_e, elements) => {
        const i = elements[0]?.index;
        if (i !== undefined) onLayer(d.labels[i]);
      },
      scales: {
        x: {
          ticks: { color: (ctx) => (flagged[ctx.index] ? c.error : c.muted), autoSkip: true, maxRotation: 50 },
          grid: { display: false },
        },
        y: {
          type: "logarithmic",
          min: floor,
          max: Math.pow(10, d.yMax),
          title: { display: true, text: "gradient norm (log)" },
          ticks: { callback: decadeTick },
          grid: { color: c.grid },
        },
      },
      plugins: {
        legend: {
          position: "bottom",
          labels: {
            usePointStyle: true,
            boxWidth: 8,
            color: c.fg,
            // The dataset's point colours are per point (flagged ones red): the legend shows the line colour.
            generateLabels: (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart).map((l, i) => ({ ...l, pointStyle: "circle", fillStyle: i === 0 ? c.param : c.activation, strokeStyle: i === 0 ? c.param : c.activation, lineWidth: 1 })),
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => {
              const i = items[0]?.dataIndex ?? 0;
              return `${d.labels[i]} (${d.kinds[i]})`;
            },
            label: (item: TooltipItem<"line">) => {
              const zero = item.datasetIndex === 0 ? d.zeroParam : d.zeroOut;
              const raw = item.datasetIndex === 0 ? d.paramNorms : d.outNorms;
              const v = zero[item.dataIndex] ? "0 (exactly)" : fmtNorm(raw[item.dataIndex]);
              return ` ${item.datasetIndex === 0 ? "params" : "output"}: ${v}`;
            },
            afterBody: (items) => {
              const i = items[0]?.dataIndex ?? 0;
              return d.reasons[i].map((r, k) => `⚠ ${d.flags[i][k]}: ${r}`);
            },
          },
        },
        bplBands: { below: d.vanishingBelow, above: d.explodingAbove, belowColor: c.vanishingBand, aboveColor: c.explodingBand, labelColor: c.muted },
      },
    },
    plugins: [bandsPlugin],
  });
}
