// Raw loops over Float64Array storage: elementwise maps with broadcasting, and reductions over dims.
// No autograd here; ops.ts wraps these. The common layouts (same shape, a scalar, a repeated row
// such as a bias, a repeated column such as a keepdim statistic, a contiguous block of reduced dims)
// run as plain nested loops (loops.ts), with dedicated loops for the functions in `known`; anything
// else walks the output row by row with strides.
import { type Shape, broadcastStrides, numelOf, sameShape, stridesOf } from "../shape";
import { foldBlock, known, placeIn, plan2, runPlan2, runUnary } from "./loops";

/** out[i] = f(x[i]). */
export function mapUnary(x: Float64Array, f: (v: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  runUnary(f, x, out);
  return out;
}

/** out = f(a, b) over the broadcast shape `outShape`. */
export function mapBinary(
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
  f: (x: number, y: number) => number,
): Float64Array {
  const n = numelOf(outShape);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const plan = plan2(aShape, bShape, outShape);
  if (plan !== null) {
    runPlan2(plan, f, a, b, out);
    return out;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  forEachRow(outShape, [sa, sb], (o, offsets, len, steps) => {
    const ia = offsets[0];
    const ib = offsets[1];
    const da = steps[0];
    const db = steps[1];
    for (let k = 0; k < len; k++) out[o + k] = f(a[ia + k * da], b[ib + k * db]);
  });
  return out;
}

/** out = f(c, a, b) over the broadcast shape (used by `where`). */
export function mapTernary(
  c: Float64Array,
  cShape: Shape,
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
  f: (c: number, x: number, y: number) => number,
): Float64Array {
  const out = new Float64Array(numelOf(outShape));
  const strides = [broadcastStrides(cShape, outShape), broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)];
  forEachRow(outShape, strides, (o, [ic, ia, ib], len, [dc, da, db]) => {
    for (let k = 0; k < len; k++) out[o + k] = f(c[ic + k * dc], a[ia + k * da], b[ib + k * db]);
  });
  return out;
}

/**
 * Walks the output shape row by row (the last dim is the row): for each row, calls `row` with the
 * output offset, each operand's offset, the row length and each operand's stride along the row.
 */
export function forEachRow(
  outShape: Shape,
  operandStrides: number[][],
  row: (outOffset: number, offsets: number[], len: number, steps: number[]) => void,
): void {
  const rank = outShape.length;
  const len = rank === 0 ? 1 : outShape[rank - 1];
  const rows = len === 0 ? 0 : numelOf(outShape) / len;
  const steps = operandStrides.map((s) => (rank === 0 ? 0 : s[rank - 1]));
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  const offsets = operandStrides.map(() => 0);
  for (let r = 0; r < rows; r++) {
    row(r * len, offsets, len, steps);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < offsets.length; j++) offsets[j] += operandStrides[j][d];
      if (idx[d] < outShape[d]) break;
      for (let j = 0; j < offsets.length; j++) offsets[j] -= operandStrides[j][d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** Shape after reducing `dims` (sorted) of `shape`, keeping them as size 1 or dropping them. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/**
 * When `dims` (sorted) reduce one contiguous block of `shape` (size-1 dims may sit in between),
 * the input is [outer, R, inner] around the block and the output [outer, inner]; else null.
 */
function asBlock(shape: Shape, dims: readonly number[]): [number, number, number] | null {
  const moved = dims.filter((d) => shape[d] !== 1);
  if (moved.length === 0) return [numelOf(shape), 1, 1];
  const first = moved[0];
  const last = moved[moved.length - 1];
  for (let d = first; d <= last; d++) if (shape[d] !== 1 && !dims.includes(d)) return null;
  return [numelOf(shape.slice(0, first)), numelOf(shape.slice(first, last + 1)), numelOf(shape.slice(last + 1))];
}

/**
 * Folds `x` over `dims` with `combine`, starting from `init`; the result has the keepdim shape
 * (size 1 along reduced dims). Each output folds its inputs in row-major order.
 */
export function reduce(
  x: Float64Array,
  shape: Shape,
  dims: readonly number[],
  init: number,
  combine: (acc: number, v: number) => number,
): Float64Array {
  const keep = reducedShape(shape, dims, true);
  const out = new Float64Array(numelOf(keep)).fill(init);
  const block = asBlock(shape, dims);
  if (block !== null) {
    foldBlock(x, block[0], block[1], block[2], combine, out);
    return out;
  }
  const so = broadcastStrides(keep, shape);
  forEachRow(shape, [stridesOf(shape), so], (_o, [ix, io], len, [dx, dout]) => {
    if (dout === 0) {
      let acc = out[io];
      for (let k = 0; k < len; k++) acc = combine(acc, x[ix + k * dx]);
      out[io] = acc;
    } else {
      for (let k = 0; k < len; k++) out[io + k * dout] = combine(out[io + k * dout], x[ix + k * dx]);
    }
  });
  return out;
}

/** Sums `x` over `dims` (sorted) into the keepdim shape (reduce with known.add). */
export function sumDims(x: Float64Array, shape: Shape, dims: readonly number[]): Float64Array {
  return reduce(x, shape, dims, 0, known.add);
}

/** Sums `g` (of shape gShape) down to `shape` — the inverse of broadcasting `shape` to gShape. */
export function sumToShape(g: Float64Array, gShape: Shape, shape: Shape): Float64Array {
  if (sameShape(gShape, shape)) return g;
  const lead = gShape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < gShape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && gShape[i] !== 1)) dims.push(i);
  }
  return sumDims(g, gShape, dims);
}

/** Copies `x` into the broadcast shape `target` (materialised expand). */
export function broadcastTo(x: Float64Array, shape: Shape, target: Shape): Float64Array {
  if (sameShape(shape, target)) return x.slice();
  const n = numelOf(target);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const l = placeIn(shape, target);
  if (l?.kind === "full") {
    out.set(x);
    return out;
  }
  if (l?.kind === "scalar") return out.fill(x[0]);
  if (l?.kind === "row") {
    for (let i = 0; i < n; i += l.period) out.set(x, i);
    return out;
  }
  if (l?.kind === "col") {
    for (let o = 0; o < x.length; o++) out.fill(x[o], o * l.period, (o + 1) * l.period);
    return out;
  }
  const sx = broadcastStrides(shape, target);
  forEachRow(target, [sx], (o, [ix], len, [dx]) => {
    for (let k = 0; k < len; k++) out[o + k] = x[ix + k * dx];
  });
  return out;
}

/** Row-major copy of `x` with its dims permuted: output dim i is input dim perm[i]. */
export function permuteData(x: Float64Array, shape: Shape, perm: readonly number[]): Float64Array {
  const strides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  // Stride in x of each output dim.
  const from = perm.map((p) => strides[p]);
  const out = new Float64Array(x.length);
  if (x.length === 0) return out;
  const rank = outShape.length;
  const len = rank === 0 ? 1 : outShape[rank - 1];
  const dx = rank === 0 ? 0 : from[rank - 1];
  const rows = x.length / len;
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  // NOTE: plain loops, not forEachRow + set(subarray): attention's permutes move rows of ~16
  // values, where a callback and a subarray view per row cost several times the copy.
  for (let r = 0, o = 0, ix = 0; r < rows; r++, o += len) {
    if (dx === 1) for (let k = 0; k < len; k++) out[o + k] = x[ix + k];
    else for (let k = 0, j = ix; k < len; k++, j += dx) out[o + k] = x[j];
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      ix += from[d];
      if (idx[d] < outShape[d]) break;
      ix -= from[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return out;
}

// Fused backward loops of the common activations: g times the local derivative in one pass, instead
// of a derivative tensor and then a product (one full-size allocation fewer per activation).

/** g·[x > 0] (ReLU's backward; NaN in g stays NaN). */
export function reluGrad(g: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < out.length; i++) out[i] = g[i] * +(x[i] > 0);
  return out;
}

/** g·(1 − t²) with t = tanh(x) (tanh's backward from its output). */
export function tanhGrad(g: Float64Array, t: Float64Array): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < out.length; i++) out[i] = g[i] * (1 - t[i] * t[i]);
  return out;
}

/** g·s(1 − s) with s = σ(x) (sigmoid's backward from its output). */
export function sigmoidGrad(g: Float64Array, s: Float64Array): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < out.length; i++) out[i] = g[i] * (s[i] * (1 - s[i]));
  return out;
}
