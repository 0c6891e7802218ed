// Shape functions: validate arguments with PyTorch's rules, then call layout primitives.
import { apply } from "./ops";
import { ShapeError, broadcastShapes, fmt, normDim, resolveShape, sameShape } from "./shape";
import type { Tensor } from "./tensor";

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return apply("reshape", [x], { shape: resolveShape("reshape", x.shape, shape) });
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const d = dims.map((v) => normDim("permute", v, x.ndim));
  if (d.length !== x.ndim || new Set(d).size !== d.length) {
    throw new ShapeError("permute", `dims ${fmt(dims)} are not a permutation of the ${x.ndim} dims of a tensor of shape ${fmt(x.shape)}`);
  }
  return apply("permute", [x], { dims: d });
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim < 2) return x;
  const a = normDim("transpose", dim0, x.ndim);
  const b = normDim("transpose", dim1, x.ndim);
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return apply("permute", [x], { dims });
}

/** Removes one size-1 dim, or every size-1 dim when no dim is given. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((s) => s !== 1));
  const d = normDim("squeeze", dim, x.ndim);
  if (x.ndim === 0 || x.shape[d] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== d));
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim("unsqueeze", dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim("flatten", startDim, x.ndim);
  const e = normDim("flatten", endDim, x.ndim);
  if (s > e) throw new ShapeError("flatten", `startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Broadcasts x to `shape`; -1 keeps a dim's size. Dims of size 1 (or new leading dims) repeat. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new ShapeError("expand", `cannot expand shape ${fmt(x.shape)} to fewer dims ${fmt(shape)}`);
  const target = shape.map((s, i) => (s === -1 ? (i < lead ? NaN : x.shape[i - lead]) : s));
  if (target.some(Number.isNaN)) throw new ShapeError("expand", `-1 is not allowed for a new leading dim in ${fmt(shape)}`);
  const ok = broadcastShapes("expand", x.shape, target);
  if (!sameShape(ok, target)) throw new ShapeError("expand", `shape ${fmt(x.shape)} cannot be expanded to ${fmt(shape)} (only size-1 dims can grow)`);
  if (sameShape(x.shape, target)) return x;
  return apply("expand", [x], { shape: target });
}

/** x[..., start:end:step] along dim, with Python's clamping of start/end and negative indices. */
export function slice(x: Tensor, dim: number, start: number, end: number | null = null, step = 1): Tensor {
  const d = normDim("slice", dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ShapeError("slice", `step must be a positive integer, got ${step}`);
  const n = x.shape[d];
  const clampIdx = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = clampIdx(start);
  const e = Math.max(clampIdx(end ?? n), s);
  return apply("slice", [x], { dim: d, start: s, end: e, step });
}

/** x[..., index, ...] along dim: the dim is removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normDim("select", dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new ShapeError("select", `index ${index} is out of range for dim ${dim} of size ${n}`);
  }
  const i = index < 0 ? index + n : index;
  return squeeze(apply("slice", [x], { dim: d, start: i, end: i + 1, step: 1 }), d);
}

/** Checks that `index` holds integers in [0, bound). */
export function checkIndices(op: string, index: Tensor, bound: number, what = "index"): void {
  if (index.dtype === "bool") throw new ShapeError(op, `${what} must hold integer indices, got a bool tensor`);
  for (let i = 0; i < index.numel; i++) {
    const v = index.data[i];
    if (!Number.isInteger(v)) throw new ShapeError(op, `${what} must hold integers, got ${v} at flat position ${i}`);
    if (v < 0 || v >= bound) throw new ShapeError(op, `${what} ${v} at flat position ${i} is out of range [0, ${bound})`);
  }
}

/** out[i][j] = x[index[i][j]][j] along dim (torch.gather). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim("gather", dim, x.ndim);
  if (index.ndim !== x.ndim) throw new ShapeError("gather", `index has ${index.ndim} dims but the input has ${x.ndim}; they must match`);
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]) throw new ShapeError("gather", `index shape ${fmt(index.shape)} exceeds input shape ${fmt(x.shape)} at dim ${i}`);
  });
  checkIndices("gather", index, x.shape[d]);
  return apply("gather", [x, index], { dim: d });
}

/** Picks entries along dim by a 1-D index (torch.index_select). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim("indexSelect", dim, x.ndim);
  if (index.ndim > 1) throw new ShapeError("indexSelect", `index must be 0-d or 1-d, got shape ${fmt(index.shape)}`);
  checkIndices("indexSelect", index, x.shape[d]);
  return apply("indexSelect", [x, index], { dim: d });
}

/** Joins tensors along an existing dim (torch.cat). */
export function concat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ShapeError("concat", "needs at least one tensor");
  const first = xs[0];
  const d = normDim("concat", dim, first.ndim);
  xs.forEach((t, k) => {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError("concat", `tensor ${k} has shape ${fmt(t.shape)}, tensor 0 has ${fmt(first.shape)}: all dims except dim ${d} must match`);
    }
  });
  return xs.length === 1 ? first : apply("concat", xs, { dim: d });
}

/** Joins tensors along a new dim (torch.stack). */
export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ShapeError("stack", "needs at least one tensor");
  xs.forEach((t, k) => {
    if (!sameShape(t.shape, xs[0].shape)) throw new ShapeError("stack", `tensor ${k} has shape ${fmt(t.shape)}, tensor 0 has ${fmt(xs[0].shape)}: all must match`);
  });
  const d = normDim("stack", dim, xs[0].ndim + 1);
  return concat(xs.map((t) => unsqueeze(t, d)), d);
}

/** A copy that stays in the graph. */
export function clone(x: Tensor): Tensor {
  return apply("copy", [x], {});
}
