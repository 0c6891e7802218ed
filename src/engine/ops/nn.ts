// Fused neural-network primitives (convolution, pooling, layer norm), kept in the table for speed.
// NCHW layout; attributes arrive validated and resolved to [along H, along W] pairs by
// nn/convFunctional.ts. Gradients are computed only for inputs that require them.
import { conv2dBackward, conv2dForward, window2d } from "../kernels/conv";
import { avgPool, maxPoolForward, maxPoolScatter } from "../kernels/pool";
import { type NormStats, layerNormBackward, layerNormForward } from "../kernels/rowwise";
import { numelOf } from "../shape";
import type { Tensor } from "../tensor";
import { type OpDef, raw } from "./opDef";

/** A pair of sizes: [along H, along W]. */
export type Pair = readonly [number, number];

/** Attributes of conv2d (inputs [x, weight] or [x, weight, bias]). */
export interface Conv2dAttrs {
  stride: Pair;
  padding: Pair;
  dilation: Pair;
}

/** Attributes of maxPool2d. */
export interface MaxPool2dAttrs {
  kernelSize: Pair;
  stride: Pair;
  padding: Pair;
}

/** Attributes of avgPool2d (floor mode). */
export interface AvgPool2dAttrs extends MaxPool2dAttrs {
  countIncludePad: boolean;
}

/** Attributes of layerNorm (inputs [x], [x, weight], [x, bias] or [x, weight, bias], as the flags say). */
export interface LayerNormAttrs {
  /** How many trailing dims of x are normalised together (weight and bias have their shape). */
  normalizedDims: number;
  eps: number;
  weight: boolean;
  bias: boolean;
}

const convWindow = (x: Tensor, w: Tensor, a: Conv2dAttrs) => window2d(x.shape, w.shape.slice(2), a.stride, a.padding, a.dilation);
const poolWindow = (x: Tensor, a: MaxPool2dAttrs) => window2d(x.shape, a.kernelSize, a.stride, a.padding, [1, 1]);

// The argmax of each max-pool output, keyed by the output's storage, so backward need not search
// the windows again. Entries go when the output is collected.
const argmaxOf = new WeakMap<Float64Array, Int32Array>();
// The same for layer norm's per-row mean and std.
const normStatsOf = new WeakMap<Float64Array, NormStats>();

/** [rows, n] of a layer norm's input, and its weight and bias (null when absent). */
function normParts(x: readonly Tensor[], a: LayerNormAttrs): { rows: number; n: number; w: Tensor | null; b: Tensor | null } {
  const n = numelOf(x[0].shape.slice(x[0].ndim - a.normalizedDims));
  return { rows: n === 0 ? 0 : x[0].numel / n, n, w: a.weight ? x[1] : null, b: a.bias ? x[a.weight ? 2 : 1] : null };
}

export const nnOps = {
  // Cross-correlation as PyTorch's conv2d: y[n,o] = b[o] + Σ_c w[o,c] ⋆ x[n,c].
  conv2d: {
    forward: ([x, w, b], a) => {
      const g = convWindow(x, w, a);
      const cout = w.shape[0];
      return raw(conv2dForward(x.data, w.data, b === undefined ? null : b.data, g, cout), [g.N, cout, g.Ho, g.Wo]);
    },
    backward: (gy, [x, w, b], _y, a) => {
      const want = { x: x.requiresGrad, w: w.requiresGrad, b: b !== undefined && b.requiresGrad };
      const { dx, dw, db } = conv2dBackward(gy.data, x.data, w.data, convWindow(x, w, a), w.shape[0], want);
      const grads = [dx && raw(dx, x.shape), dw && raw(dw, w.shape)];
      return b === undefined ? grads : [...grads, db && raw(db, b.shape)];
    },
  } satisfies OpDef<Conv2dAttrs>,
  // NOTE: padding counts as -inf; the gradient goes to the first maximum of each window, and
  // overlapping windows add up, as PyTorch.
  maxPool2d: {
    forward: ([x], a) => {
      const g = poolWindow(x, a);
      const { y, arg } = maxPoolForward(x.data, g);
      argmaxOf.set(y, arg);
      return raw(y, [g.N, g.C, g.Ho, g.Wo]);
    },
    backward: (gy, [x], y, a) => {
      const g = poolWindow(x, a);
      const arg = argmaxOf.get(y.data) ?? maxPoolForward(x.data, g).arg;
      return [raw(maxPoolScatter(gy.data, arg, g), x.shape)];
    },
  } satisfies OpDef<MaxPool2dAttrs>,
  avgPool2d: {
    forward: ([x], a) => {
      const g = poolWindow(x, a);
      return raw(avgPool(x.data, g, a.countIncludePad, false), [g.N, g.C, g.Ho, g.Wo]);
    },
    backward: (gy, [x], _y, a) => [raw(avgPool(gy.data, poolWindow(x, a), a.countIncludePad, true), x.shape)],
  } satisfies OpDef<AvgPool2dAttrs>,
  // (x − mean) / √(var + eps) · weight + bias over the trailing dims, biased variance (F.layer_norm).
  layerNorm: {
    forward: (x, a) => {
      const { rows, n, w, b } = normParts(x, a);
      const { y, stats } = layerNormForward(x[0].data, rows, n, a.eps, w?.data ?? null, b?.data ?? null);
      normStatsOf.set(y, stats);
      return raw(y, x[0].shape);
    },
    backward: (g, x, y, a) => {
      const { rows, n, w, b } = normParts(x, a);
      const stats = normStatsOf.get(y.data) ?? layerNormForward(x[0].data, rows, n, a.eps, null, null).stats;
      const want = { x: x[0].requiresGrad, weight: w?.requiresGrad ?? false, bias: b?.requiresGrad ?? false };
      const { dx, dw, db } = layerNormBackward(g.data, x[0].data, rows, n, stats, w?.data ?? null, want);
      const grads: (Tensor | null)[] = [dx && raw(dx, x[0].shape)];
      if (w !== null) grads.push(dw && raw(dw, w.shape));
      if (b !== null) grads.push(db && raw(db, b.shape));
      return grads;
    },
  } satisfies OpDef<LayerNormAttrs>,
};
