// Activation statistics of a layer: the fraction of dead ReLU units (zero for every example) and the
// fraction of saturated tanh / sigmoid outputs.
import type { ActivationKind, VerdictThresholds } from "../protocol";
import type { NodeRec } from "./capture";

/** What an activation contributes to a layer row. */
export interface ActivationStats {
  deadFraction: number | null;
  saturatedFraction: number | null;
}

/**
 * The dim that indexes units: the features of [N, F], the last dim of sequences [B, T, F], the
 * channels of [N, C, …] (4-D and more); a 0-d or 1-d output is one example, each element a unit.
 */
export function unitDim(shape: readonly number[]): number {
  if (shape.length <= 1) return -1;
  return shape.length === 3 ? 2 : 1;
}

/** Statistics of the activation outputs (one node per call of the layer). */
export function activationStats(outputs: readonly NodeRec[], kind: ActivationKind, th: VerdictThresholds): ActivationStats {
  if (outputs.length === 0) return { deadFraction: null, saturatedFraction: null };
  if (kind === "relu") return { deadFraction: deadFraction(outputs), saturatedFraction: null };
  let saturated = 0;
  let total = 0;
  for (const n of outputs) {
    const d = n.t.data;
    total += d.length;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (kind === "tanh" ? Math.abs(v) > th.tanhLimit : v < th.sigmoidLow || v > th.sigmoidHigh) saturated++;
    }
  }
  return { deadFraction: null, saturatedFraction: total === 0 ? null : saturated / total };
}

/** Fraction of units whose output is 0 for every example, over all calls (a unit must be zero in every call). */
function deadFraction(outputs: readonly NodeRec[]): number | null {
  const shape = outputs[0].t.shape;
  const dim = unitDim(shape);
  const units = dim < 0 ? Math.max(1, outputs[0].t.numel) : shape[dim];
  const sameUnits = outputs.every((n) => (dim < 0 ? n.t.numel === units : unitDim(n.t.shape) === dim && n.t.shape[dim] === units));
  if (!sameUnits) {
    // Calls of different sizes: average the per-call fractions.
    const fs = outputs.map((n) => deadFraction([n])).filter((f): f is number => f !== null);
    return fs.length === 0 ? null : fs.reduce((a, b) => a + b, 0) / fs.length;
  }
  if (units === 0) return null;
  // The units not yet seen nonzero: after the first examples usually none, and the scan stops.
  const candidates = new Int32Array(units);
  for (let u = 0; u < units; u++) candidates[u] = u;
  let left = units;
  for (const n of outputs) {
    const d = n.t.data;
    const inner = dim < 0 ? 1 : n.t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    // Blocks of [units × inner] repeat over the example dims: no division per element.
    for (let base = 0; base < d.length && left > 0; base += units * inner) {
      let kept = 0;
      for (let c = 0; c < left; c++) {
        const u = candidates[c];
        const start = base + u * inner;
        let zero = true;
        for (let k = 0; k < inner; k++) {
          if (d[start + k] !== 0) {
            zero = false;
            break;
          }
        }
        if (zero) candidates[kept++] = u;
      }
      left = kept;
    }
    if (left === 0) break;
  }
  return left / units;
}
