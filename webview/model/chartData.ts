// Data behind the layer chart and the training history: per-layer gradient norms on a log axis, the
// vanishing and exploding bands (from the trace's own thresholds), and the layer × step matrix.
import type { LayerInfo, TraceResult } from "../../src/protocol";
import { jsonNum } from "./format";

/** The layer chart: one category per layer in depth order. */
export interface LayerChartData {
  labels: string[];
  kinds: string[];
  /** What each layer is judged by: its parameters' gradient, or its output's. */
  roles: ("params" | "activation")[];
  /** ‖g‖ of each layer's own parameters (null: an activation layer, or zero). */
  paramNorms: (number | null)[];
  /** ‖dL/d(output)‖ of each layer (null: no gradient reached it, or zero). */
  outNorms: (number | null)[];
  /** Layers whose norm is exactly zero (a log axis cannot show 0: they are drawn on the floor). */
  zeroParam: boolean[];
  zeroOut: boolean[];
  flags: string[][];
  reasons: string[][];
  /**
   * Norms below this are vanishing whatever the other layers do (the absolute threshold). The relative
   * rules (against the layers between a layer and the loss) differ per layer and per role: the chart
   * marks the layers they flag rather than shading a band that would only hold for some.
   */
  vanishingBelow: number;
  /** Norms above this are exploding whatever the other layers do. */
  explodingAbove: number;
  /** Axis range, whole decades. */
  yMin: number;
  yMax: number;
}

/** Builds the layer chart data of a trace. */
export function layerChartData(result: TraceResult): LayerChartData {
  const layers = [...result.layers].sort((a, b) => a.depth - b.depth);
  const pos = (v: number | null): number | null => (v !== null && v > 0 && Number.isFinite(v) ? v : null);
  const paramNorms = layers.map((l) => pos(l.paramGradNorm));
  const outNorms = layers.map((l) => pos(l.outGradNorm));
  const vanishingBelow = result.options.thresholds.vanishingAbsolute;
  const explodingAbove = result.options.thresholds.explodingAbsolute;
  const all = [...paramNorms, ...outNorms].filter((v): v is number => v !== null);
  const lo = all.length > 0 ? Math.floor(Math.log10(Math.min(...all))) : -4;
  const hi = all.length > 0 ? Math.ceil(Math.log10(Math.max(...all))) : 1;
  // Show a band's edge when it lies near the data, so the reader sees how far each layer is from it.
  const vl = Math.log10(vanishingBelow);
  const el = Math.log10(explodingAbove);
  let yMin = lo - 1;
  if (vl > lo - 4) yMin = Math.min(yMin, Math.floor(vl) - 1);
  let yMax = hi + 1;
  if (el < hi + 4) yMax = Math.max(yMax, Math.ceil(el) + 1);
  return {
    labels: layers.map((l) => l.name),
    kinds: layers.map((l) => l.kind),
    roles: layers.map((l) => l.role),
    paramNorms,
    outNorms,
    zeroParam: layers.map((l) => l.paramGradNorm === 0),
    zeroOut: layers.map((l) => l.outGradNorm === 0),
    flags: layers.map((l) => [...l.flags]),
    reasons: layers.map((l) => [...l.reasons]),
    vanishingBelow,
    explodingAbove,
    yMin,
    yMax,
  };
}

/** A training history: loss and per-layer gradient norms per step. */
export interface HistoryData {
  steps: number[];
  loss: (number | null)[];
  /** One series per parameter layer, in depth order. */
  series: { layer: string; values: (number | null)[] }[];
  /** The layer × step matrix for the heat map: y is the series index. */
  cells: { x: number; y: number; v: number | null }[];
}

/** Builds the history data; null when the trace ran no training steps. */
export function historyData(result: TraceResult): HistoryData | null {
  if (result.history.length === 0) return null;
  const steps = result.history.map((h) => h.step);
  const loss = result.history.map((h) => {
    const v = jsonNum(h.loss);
    return Number.isFinite(v) ? v : null;
  });
  const layerIdx = result.layers.map((l, i) => ({ l, i })).filter(({ l }) => isParamLayer(l)).sort((a, b) => a.l.depth - b.l.depth);
  const series = layerIdx.map(({ l, i }) => ({
    layer: l.name,
    values: result.history.map((h) => {
      const v = h.layerGradNorms[i];
      return v !== null && v !== undefined && v > 0 && Number.isFinite(v) ? v : null;
    }),
  }));
  const cells = series.flatMap((s, y) => s.values.map((v, k) => ({ x: steps[k], y, v })));
  return { steps, loss, series, cells };
}

function isParamLayer(l: LayerInfo): boolean {
  return l.role === "params";
}
