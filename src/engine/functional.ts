// Math functions: thin checked wrappers over the op table, and composites built from primitives
// (no backward code here). Tensor methods and nn.functional call these.
import { apply } from "./ops";
import { ShapeError, fmt, normDim, normDims, numelOf } from "./shape";
import { Tensor, type TensorLike } from "./tensor";
import type { Comparison } from "./ops/pointwise";

/** A number becomes a 0-d float64 constant; a tensor is returned as is. */
export function toTensor(v: TensorLike): Tensor {
  return typeof v === "number" ? new Tensor(new Float64Array([v]), []) : v;
}

export const add = (a: TensorLike, b: TensorLike): Tensor => apply("add", [toTensor(a), toTensor(b)], {});
export const sub = (a: TensorLike, b: TensorLike): Tensor => apply("sub", [toTensor(a), toTensor(b)], {});
export const mul = (a: TensorLike, b: TensorLike): Tensor => apply("mul", [toTensor(a), toTensor(b)], {});
export const div = (a: TensorLike, b: TensorLike): Tensor => apply("div", [toTensor(a), toTensor(b)], {});
/** a ** b; a number exponent uses the scalar form (safe for negative bases). */
export const pow = (a: TensorLike, b: TensorLike): Tensor =>
  typeof b === "number" ? apply("powScalar", [toTensor(a)], { exponent: b }) : apply("pow", [toTensor(a), b], {});
export const maximum = (a: TensorLike, b: TensorLike): Tensor => apply("maximum", [toTensor(a), toTensor(b)], {});
export const minimum = (a: TensorLike, b: TensorLike): Tensor => apply("minimum", [toTensor(a), toTensor(b)], {});
export const neg = (x: Tensor): Tensor => apply("neg", [x], {});
export const exp = (x: Tensor): Tensor => apply("exp", [x], {});
export const log = (x: Tensor): Tensor => apply("log", [x], {});
export const sqrt = (x: Tensor): Tensor => apply("sqrt", [x], {});
export const abs = (x: Tensor): Tensor => apply("abs", [x], {});
export const tanh = (x: Tensor): Tensor => apply("tanh", [x], {});
export const sigmoid = (x: Tensor): Tensor => apply("sigmoid", [x], {});
export const relu = (x: Tensor): Tensor => apply("relu", [x], {});
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => apply("leakyRelu", [x], { slope: negativeSlope });
/** GELU, exact (erf) by default or the tanh approximation. */
export const gelu = (x: Tensor, approximate: "none" | "tanh" = "none"): Tensor => apply("gelu", [x], { approximate });
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => apply("softplus", [x], { beta, threshold });
export const elu = (x: Tensor, alpha = 1): Tensor => apply("elu", [x], { alpha });
/** SiLU (swish): x·σ(x). */
export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));
export const clamp = (x: Tensor, min: number | null, max: number | null = null): Tensor => apply("clamp", [x], { min, max });

const compare = (cmp: Comparison) => (a: TensorLike, b: TensorLike): Tensor => apply("compare", [toTensor(a), toTensor(b)], { cmp });
export const gt = compare("gt");
export const lt = compare("lt");
export const ge = compare("ge");
export const le = compare("le");
export const eq = compare("eq");
export const ne = compare("ne");

/** Elementwise choice: a where cond is nonzero, else b (all three broadcast). */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  return apply("where", [cond, toTensor(a), toTensor(b)], {});
}

/** x with `value` where mask is nonzero (mask broadcasts to x). */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (mask.ndim > x.ndim || mask.shape.some((s, i) => s !== 1 && s !== x.shape[x.ndim - mask.ndim + i])) {
    throw new ShapeError("maskedFill", `mask of shape ${fmt(mask.shape)} does not broadcast to the tensor's shape ${fmt(x.shape)}`);
  }
  return where(mask, value, x);
}

type Dims = number | readonly number[] | null;

export function sum(x: Tensor, dims: Dims = null, keepdim = false): Tensor {
  return apply("sum", [x], { dims: normDims("sum", dims, x.ndim), keepdim });
}

export function mean(x: Tensor, dims: Dims = null, keepdim = false): Tensor {
  const d = normDims("mean", dims, x.ndim);
  return div(apply("sum", [x], { dims: d, keepdim }), numelOf(d.map((i) => x.shape[i])));
}

/** Max over all elements (dim null, 0-d result) or over one dim; returns the values. */
export function max(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  nonEmpty("max", x);
  return apply("max", [x], { dims: dim === null ? normDims("max", null, x.ndim) : [normDim("max", dim, x.ndim)], keepdim });
}

export function min(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  nonEmpty("min", x);
  return apply("min", [x], { dims: dim === null ? normDims("min", null, x.ndim) : [normDim("min", dim, x.ndim)], keepdim });
}

function nonEmpty(op: string, x: Tensor): void {
  if (x.numel === 0) throw new ShapeError(op, `cannot reduce an empty tensor of shape ${fmt(x.shape)}`);
}

function argExtremum(op: string, x: Tensor, dim: number | null, keepdim: boolean, better: (a: number, b: number) => boolean): Tensor {
  nonEmpty(op, x);
  const flat = dim === null;
  const src = flat ? x.reshape([x.numel]) : x;
  const d = flat ? 0 : normDim(op, dim, x.ndim);
  const moved = src.transpose(d, -1);
  const len = moved.shape[moved.ndim - 1];
  const rows = moved.numel / len;
  const out = new Float64Array(rows);
  const data = moved.data;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < len; k++) if (better(data[r * len + k], data[r * len + best])) best = k;
    out[r] = best;
  }
  const shape = flat ? [] : moved.shape.slice(0, -1);
  const t = new Tensor(out, shape, "int64");
  return keepdim && !flat ? t.unsqueeze(d) : t;
}

/** Index of the largest value (first on ties); int64. */
export const argmax = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => argExtremum("argmax", x, dim, keepdim, (a, b) => a > b);
/** Index of the smallest value (first on ties); int64. */
export const argmin = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => argExtremum("argmin", x, dim, keepdim, (a, b) => a < b);

export function logsumexp(x: Tensor, dims: number | readonly number[], keepdim = false): Tensor {
  return apply("logsumexp", [x], { dims: normDims("logsumexp", dims, x.ndim), keepdim });
}

/** Options of var/std: `correction` 1 is Bessel's (unbiased, PyTorch's default), 0 the biased one. */
export interface VarOptions {
  correction?: number;
  keepdim?: boolean;
}

/** Variance over dims (all by default), unbiased unless correction is 0. */
export function variance(x: Tensor, dims: Dims = null, { correction = 1, keepdim = false }: VarOptions = {}): Tensor {
  const d = normDims("var", dims, x.ndim);
  const n = numelOf(d.map((i) => x.shape[i]));
  const centered = sub(x, mean(x, d, true));
  return div(sum(mul(centered, centered), d, keepdim), Math.max(n - correction, 0));
}

export function std(x: Tensor, dims: Dims = null, opts: VarOptions = {}): Tensor {
  return sqrt(variance(x, dims, opts));
}

export function softmax(x: Tensor, dim: number): Tensor {
  return apply("softmax", [x], { dim: normDim("softmax", dim, x.ndim) });
}

/** log(softmax(x)) computed stably as x − logsumexp(x). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return sub(x, logsumexp(x, dim, true));
}

/** torch.matmul: batch dims broadcast; a 1-D operand gets a dim prepended (lhs) or appended (rhs), removed afterwards. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError("matmul", `both operands need at least one dim, got ${fmt(a.shape)} and ${fmt(b.shape)} (use mul for scalars)`);
  }
  const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
  const b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
  let out = apply("matmul", [a2, b2], {});
  if (a.ndim === 1) out = out.squeeze(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  return out;
}
