// The layer verdicts from the gradient norms and activation statistics, with a sentence per flag
// naming the threshold that was crossed. Parameter layers are compared with parameter layers (by
// ‖dL/dW‖), activation layers with activation layers (by ‖dL/d(output)‖).
// NOTE: the relative rules compare a layer with the layers from it to the loss (itself and those
// after it in depth order), because gradients flow back from the loss: vanishing means they shrank on
// the way back, exploding that they grew. Against all layers, the healthy last layers of a vanishing
// net would look "exploding" next to the median, and those of an exploding net "vanishing".
import type { LayerFlag, LayerInfo, VerdictThresholds } from "../protocol";

const fmt = (v: number): string => v.toPrecision(3);

/** Sets flags and reasons on every layer; `nonFinite[i]` says layer i saw a NaN or Inf. */
export function verdicts(layers: LayerInfo[], nonFinite: readonly boolean[], th: VerdictThresholds): void {
  // Per layer: max and median of the norms of the same-role layers from it to the loss.
  const spreads = new Map<LayerInfo, { max: number; median: number }>();
  for (const role of ["params", "activation"] as const) {
    const same = layers.filter((l) => l.role === role);
    same.forEach((l, k) => spreads.set(l, spread(same.slice(k).map(normOf).filter((v): v is number => v !== null))));
  }
  layers.forEach((l, i) => {
    const add = (flag: LayerFlag, reason: string): void => {
      l.flags.push(flag);
      l.reasons.push(reason);
    };
    if (nonFinite[i]) add("nan", "its output, its gradient or its parameters' gradient holds NaN or Inf");
    const g = normOf(l);
    const what = l.role === "params" ? "parameter-gradient norm" : "output-gradient norm";
    const { max, median } = spreads.get(l)!;
    if (g !== null) {
      if (g < th.vanishingAbsolute) add("vanishing", `${what} ${fmt(g)} is below ${th.vanishingAbsolute}`);
      else if (g < th.vanishingRelative * max) add("vanishing", `${what} ${fmt(g)} is below ${th.vanishingRelative} × the largest of the layers from it to the loss (${fmt(max)})`);
      if (g > th.explodingAbsolute) add("exploding", `${what} ${fmt(g)} is above ${th.explodingAbsolute}`);
      else if (median > 0 && g > th.explodingRelative * median) add("exploding", `${what} ${fmt(g)} is above ${th.explodingRelative} × the median of the layers from it to the loss (${fmt(median)})`);
    }
    if (l.deadFraction !== null && l.deadFraction >= th.deadReluFraction) {
      add("dead-relu", `${(100 * l.deadFraction).toFixed(0)}% of its ReLU units are zero for every example (threshold ${100 * th.deadReluFraction}%)`);
    }
    if (l.saturatedFraction !== null && l.saturatedFraction >= th.saturatedFraction) {
      const range = l.activation === "tanh" ? `|tanh| > ${th.tanhLimit}` : `sigmoid outside [${th.sigmoidLow}, ${th.sigmoidHigh}]`;
      add("saturated", `${(100 * l.saturatedFraction).toFixed(0)}% of its activations are saturated (${range}; threshold ${100 * th.saturatedFraction}%)`);
    }
  });
}

/** The norm a layer is judged by. */
function normOf(l: LayerInfo): number | null {
  return l.role === "params" ? l.paramGradNorm : l.outGradNorm;
}

function spread(values: readonly number[]): { max: number; median: number } {
  if (values.length === 0) return { max: 0, median: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { max: sorted[sorted.length - 1], median };
}
