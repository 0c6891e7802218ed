// Primitives that move values without arithmetic: reshape, permute, expand, slice, concat,
// gather and indexSelect. Attributes arrive validated and resolved by functional.ts.
import { broadcastTo, permuteData } from "../kernels/elementwise";
import { numelOf, stridesOf } from "../shape";
import type { Tensor } from "../tensor";
import { type NoAttrs, type OpDef, raw } from "./opDef";

/** Attributes of slice: x[..., start:end:step] along dim (end exclusive, already clamped). */
export interface SliceAttrs {
  dim: number;
  start: number;
  end: number;
  step: number;
}

/** Outer/inner decomposition around `dim`: [product of dims before, size, product of dims after]. */
function around(shape: readonly number[], dim: number): [number, number, number] {
  return [numelOf(shape.slice(0, dim)), shape[dim], numelOf(shape.slice(dim + 1))];
}

function sliceData(x: Tensor, { dim, start, end, step }: SliceAttrs): Tensor {
  const [outer, size, inner] = around(x.shape, dim);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const out = new Float64Array(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const src = (o * size + start + k * step) * inner;
      out.set(x.data.subarray(src, src + inner), (o * n + k) * inner);
    }
  }
  const shape = [...x.shape];
  shape[dim] = n;
  return raw(out, shape, x.dtype);
}

/** Adds `g` (a slice's gradient) into a zero tensor of x's shape at the slice's positions. */
function unslice(g: Tensor, x: Tensor, { dim, start, step }: SliceAttrs): Tensor {
  const [outer, size, inner] = around(x.shape, dim);
  const n = g.shape[dim];
  const out = new Float64Array(x.numel);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const dst = (o * size + start + k * step) * inner;
      const src = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += g.data[src + i];
    }
  }
  return raw(out, x.shape);
}

/** For gather: visits every index position, giving the flat offsets into index/out and into x. */
function forEachGather(x: Tensor, index: Tensor, dim: number, visit: (outPos: number, xPos: number) => void): void {
  const xs = stridesOf(x.shape);
  const is = stridesOf(index.shape);
  const coords = new Array<number>(index.ndim).fill(0);
  for (let p = 0; p < index.numel; p++) {
    let rem = p;
    let xPos = 0;
    for (let d = 0; d < index.ndim; d++) {
      coords[d] = Math.floor(rem / is[d]);
      rem -= coords[d] * is[d];
      xPos += (d === dim ? index.data[p] : coords[d]) * xs[d];
    }
    visit(p, xPos);
  }
}

export const layoutOps = {
  reshape: {
    forward: ([x], { shape }) => raw(x.data, shape, x.dtype),
    backward: (g, [x]) => [raw(g.data, x.shape)],
  } satisfies OpDef<{ shape: readonly number[] }>,
  permute: {
    forward: ([x], { dims }) => raw(permuteData(x.data, x.shape, dims), dims.map((d) => x.shape[d]), x.dtype),
    backward: (g, _x, _y, { dims }) => {
      const inverse = new Array<number>(dims.length);
      dims.forEach((d, i) => (inverse[d] = i));
      return [raw(permuteData(g.data, g.shape, inverse), inverse.map((d) => g.shape[d]))];
    },
  } satisfies OpDef<{ dims: readonly number[] }>,
  // Backward is the identity: the walker sums the gradient back down to the input's shape.
  expand: {
    forward: ([x], { shape }) => raw(broadcastTo(x.data, x.shape, shape), shape, x.dtype),
    backward: (g) => [g],
  } satisfies OpDef<{ shape: readonly number[] }>,
  slice: {
    forward: ([x], a) => sliceData(x, a),
    backward: (g, [x], _y, a) => [unslice(g, x, a)],
  } satisfies OpDef<SliceAttrs>,
  concat: {
    forward: (xs, { dim }) => {
      const shape = [...xs[0].shape];
      shape[dim] = xs.reduce((s, t) => s + t.shape[dim], 0);
      const [outer, size, inner] = around(shape, dim);
      const out = new Float64Array(outer * size * inner);
      let at = 0;
      for (const t of xs) {
        const chunk = t.shape[dim] * inner;
        for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * size * inner + at * inner);
        at += t.shape[dim];
      }
      return raw(out, shape, xs[0].dtype);
    },
    backward: (g, xs, _y, { dim }) => {
      let at = 0;
      return xs.map((t) => {
        const part = sliceData(g, { dim, start: at, end: at + t.shape[dim], step: 1 });
        at += t.shape[dim];
        return part;
      });
    },
  } satisfies OpDef<{ dim: number }>,
  gather: {
    forward: ([x, index], { dim }) => {
      const out = new Float64Array(index.numel);
      forEachGather(x, index, dim, (p, q) => (out[p] = x.data[q]));
      return raw(out, index.shape, x.dtype);
    },
    backward: (g, [x, index], _y, { dim }) => {
      const out = new Float64Array(x.numel);
      forEachGather(x, index, dim, (p, q) => (out[q] += g.data[p]));
      return [raw(out, x.shape), null];
    },
  } satisfies OpDef<{ dim: number }>,
  indexSelect: {
    forward: ([x, index], { dim }) => {
      const [outer, size, inner] = around(x.shape, dim);
      const n = index.numel;
      const out = new Float64Array(outer * n * inner);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++) {
          const src = (o * size + index.data[k]) * inner;
          out.set(x.data.subarray(src, src + inner), (o * n + k) * inner);
        }
      }
      const shape = [...x.shape];
      shape[dim] = n;
      return raw(out, shape, x.dtype);
    },
    // NOTE: repeated indices add up, as in torch.index_select / embedding.
    backward: (g, [x, index], _y, { dim }) => {
      const [outer, size, inner] = around(x.shape, dim);
      const n = index.numel;
      const out = new Float64Array(x.numel);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++) {
          const dst = (o * size + index.data[k]) * inner;
          const src = (o * n + k) * inner;
          for (let i = 0; i < inner; i++) out[dst + i] += g.data[src + i];
        }
      }
      return [raw(out, x.shape), null];
    },
  } satisfies OpDef<{ dim: number }>,
  // Identity that copies: keeps a node in the graph (clone, detach points, custom-op outputs).
  copy: {
    forward: ([x]) => raw(x.data.slice(), x.shape, x.dtype),
    backward: (g) => [g],
  } satisfies OpDef<NoAttrs>,
};

