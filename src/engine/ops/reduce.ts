// Reductions over dims and softmax. dims are already resolved (sorted, non-negative) by functional.ts.
import { numelOf } from "../shape";
import { broadcastTo, forEachRow, reduce, reducedShape } from "../kernels/elementwise";
import { broadcastStrides, stridesOf } from "../shape";
import type { Tensor } from "../tensor";
import { known } from "../kernels/loops";
import { softmaxBackward, softmaxForward } from "../kernels/rowwise";
import { type OpDef, raw } from "./opDef";

/** [product of dims before, size of dim, product of dims after]: the [outer, R, inner] view of a reduction over one dim. */
function around(shape: readonly number[], dim: number): [number, number, number] {
  return [numelOf(shape.slice(0, dim)), shape[dim], numelOf(shape.slice(dim + 1))];
}

/** Attributes of a reduction: which dims, and whether to keep them as size 1. */
export interface ReduceAttrs {
  dims: readonly number[];
  keepdim: boolean;
}

/** Brings a reduced gradient (or value) back to the input's rank, then expands it to the input's shape. */
function expandBack(t: Tensor, x: Tensor, dims: readonly number[]): Tensor {
  const keep = reducedShape(x.shape, dims, true);
  return raw(broadcastTo(t.data, keep, x.shape), x.shape);
}

function reduceOp(init: number, combine: (acc: number, v: number) => number, grad: (g: Tensor, x: Tensor, y: Tensor, a: ReduceAttrs) => Tensor): OpDef<ReduceAttrs> {
  return {
    forward: ([x], { dims, keepdim }) => raw(reduce(x.data, x.shape, dims, init, combine), reducedShape(x.shape, dims, keepdim)),
    backward: (g, [x], y, a) => [grad(g, x, y, a)],
  };
}

/** Gradient of max/min over all elements: ties share it evenly, as PyTorch's full reduction. */
function extremumGrad(g: Tensor, x: Tensor, y: Tensor, a: ReduceAttrs): Tensor {
  const yb = expandBack(y, x, a.dims).data;
  const gb = expandBack(g, x, a.dims).data;
  const out = new Float64Array(x.numel);
  if (a.dims.length === x.ndim) {
    let count = 0;
    for (let i = 0; i < x.numel; i++) if (x.data[i] === yb[i]) count++;
    for (let i = 0; i < x.numel; i++) if (x.data[i] === yb[i]) out[i] = gb[i] / count;
    return raw(out, x.shape);
  }
  // NOTE: over one dim, all of the gradient goes to the first index holding the extremum.
  const keep = reducedShape(x.shape, a.dims, true);
  const taken = new Uint8Array(numelOf(keep));
  const sk = broadcastStrides(keep, x.shape);
  forEachRow(x.shape, [stridesOf(x.shape), sk], (_o, [ix, ik], len, [dx, dk]) => {
    for (let k = 0; k < len; k++) {
      const i = ix + k * dx;
      const j = ik + k * dk;
      if (!taken[j] && x.data[i] === yb[i]) {
        taken[j] = 1;
        out[i] = gb[i];
      }
    }
  });
  return raw(out, x.shape);
}

export const reduceOps = {
  sum: reduceOp(0, known.add, (g, x, _y, a) => expandBack(g, x, a.dims)),
  max: reduceOp(-Infinity, (acc, v) => (v > acc || Number.isNaN(v) ? v : acc), extremumGrad),
  min: reduceOp(Infinity, (acc, v) => (v < acc || Number.isNaN(v) ? v : acc), extremumGrad),
  logsumexp: {
    forward: ([x], { dims, keepdim }) => {
      const m = reduce(x.data, x.shape, dims, -Infinity, Math.max);
      const keep = reducedShape(x.shape, dims, true);
      const mb = broadcastTo(m, keep, x.shape);
      const shifted = new Float64Array(x.numel);
      for (let i = 0; i < x.numel; i++) shifted[i] = Number.isFinite(mb[i]) ? Math.exp(x.data[i] - mb[i]) : Math.exp(x.data[i]);
      const s = reduce(shifted, x.shape, dims, 0, known.add);
      for (let i = 0; i < s.length; i++) s[i] = Number.isFinite(m[i]) ? m[i] + Math.log(s[i]) : Math.log(s[i]);
      return raw(s, reducedShape(x.shape, dims, keepdim));
    },
    backward: (g, [x], y, a) => [expandBack(g, x, a.dims).mul(x.sub(expandBack(y, x, a.dims)).exp())],
  } satisfies OpDef<ReduceAttrs>,
  // Fused softmax: y = exp(x − max) / Σ exp(x − max); dL/dx = y·(g − Σ g·y). One pass each (kernels/rowwise.ts).
  softmax: {
    forward: ([x], { dim }) => raw(softmaxForward(x.data, ...around(x.shape, dim)), x.shape),
    backward: (g, _x, y, { dim }) => [raw(softmaxBackward(g.data, y.data, ...around(y.shape, dim)), y.shape)],
  } satisfies OpDef<{ dim: number }>,
};
