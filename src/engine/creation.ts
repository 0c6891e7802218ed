// Tensor factories. Every factory makes a leaf and reports it to the observer.
import { ShapeError, fmt, numelOf } from "./shape";
import { integer, normal, uniform } from "./random";
import { type DType, type NestedArray, Tensor } from "./tensor";

/** Options accepted by factories. */
export interface CreateOptions {
  requiresGrad?: boolean;
  dtype?: DType;
}

type ShapeArg = number | readonly number[];

function dimsOf(shape: ShapeArg): number[] {
  const dims = typeof shape === "number" ? [shape] : [...shape];
  for (const d of dims) if (!Number.isInteger(d) || d < 0) throw new ShapeError("tensor", `invalid shape ${fmt(dims)}: sizes must be non-negative integers`);
  return dims;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = (level as readonly NestedArray[])[0];
    if (level === undefined) break;
  }
  return shape;
}

function flattenInto(data: NestedArray, shape: readonly number[], depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new ShapeError("tensor", `nested arrays are ragged: expected a number at depth ${depth}, got an array`);
    out.push(typeof data === "boolean" ? +data : (data as number));
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError("tensor", `nested arrays are ragged: expected ${shape[depth]} entries at depth ${depth}, got ${Array.isArray(data) ? data.length : "a number"}`);
  }
  for (const item of data as readonly NestedArray[]) flattenInto(item, shape, depth + 1, out);
}

/** A tensor from nested arrays, or from a flat array (or Float64Array) with a shape. */
export function tensor(data: NestedArray | Float64Array, shapeOrOpts?: readonly number[] | CreateOptions, opts: CreateOptions = {}): Tensor {
  const o = Array.isArray(shapeOrOpts) || shapeOrOpts === undefined ? opts : (shapeOrOpts as CreateOptions);
  if (data instanceof Float64Array || (Array.isArray(shapeOrOpts) && Array.isArray(data))) {
    const flat = data instanceof Float64Array ? data.slice() : Float64Array.from(data as readonly number[]);
    const shape = Array.isArray(shapeOrOpts) ? dimsOf(shapeOrOpts as readonly number[]) : [flat.length];
    if (numelOf(shape) !== flat.length) throw new ShapeError("tensor", `${flat.length} values do not fill shape ${fmt(shape)} (${numelOf(shape)} elements)`);
    return checked(flat, shape, o);
  }
  const shape = inferShape(data);
  const flat: number[] = [];
  flattenInto(data, shape, 0, flat);
  return checked(Float64Array.from(flat), shape, o);
}

function checked(data: Float64Array, shape: number[], o: CreateOptions): Tensor {
  const dtype = o.dtype ?? "float64";
  if (dtype === "int64") {
    const bad = data.findIndex((v) => !Number.isInteger(v));
    if (bad >= 0) throw new ShapeError("tensor", `dtype int64 needs integer values, got ${data[bad]} at flat position ${bad}`);
  }
  return Tensor.leaf(data, shape, { requiresGrad: o.requiresGrad, dtype });
}

/** A 0-d tensor. */
export const scalar = (value: number, opts: CreateOptions = {}): Tensor => checked(new Float64Array([value]), [], opts);

export const full = (shape: ShapeArg, value: number, opts: CreateOptions = {}): Tensor => {
  const dims = dimsOf(shape);
  return checked(new Float64Array(numelOf(dims)).fill(value), dims, opts);
};
export const zeros = (shape: ShapeArg, opts: CreateOptions = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: ShapeArg, opts: CreateOptions = {}): Tensor => full(shape, 1, opts);
export const zerosLike = (t: Tensor, opts: CreateOptions = {}): Tensor => zeros(t.shape, opts);
export const onesLike = (t: Tensor, opts: CreateOptions = {}): Tensor => ones(t.shape, opts);

/** Values start, start+step, … below end (like torch.arange; arange(n) counts 0..n-1). */
export function arange(startOrEnd: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  const [s, e] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  if (step === 0) throw new ShapeError("arange", "step must be nonzero");
  const n = Math.max(0, Math.ceil((e - s) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = s + i * step;
  const ints = Number.isInteger(s) && Number.isInteger(step);
  return checked(data, [n], { dtype: ints ? "int64" : "float64", ...opts });
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  const data = new Float64Array(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // NOTE: as torch.linspace, the second half is computed from the end so the last value is exact.
  for (let i = 0; i < steps; i++) data[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
  return checked(data, [steps], opts);
}

/** Identity matrix n×m (m defaults to n). */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const data = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return checked(data, [n, m], opts);
}

/** Standard normal samples from the seeded generator. */
export function randn(shape: ShapeArg, opts: CreateOptions = {}): Tensor {
  const dims = dimsOf(shape);
  const data = new Float64Array(numelOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = normal();
  return checked(data, dims, opts);
}

/** Uniform samples in [0, 1) from the seeded generator. */
export function rand(shape: ShapeArg, opts: CreateOptions = {}): Tensor {
  const dims = dimsOf(shape);
  const data = new Float64Array(numelOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = uniform();
  return checked(data, dims, opts);
}

/** Uniform integers in [low, high), int64. */
export function randint(low: number, high: number, shape: ShapeArg): Tensor {
  if (!(high > low)) throw new ShapeError("randint", `high (${high}) must be greater than low (${low})`);
  const dims = dimsOf(shape);
  const data = new Float64Array(numelOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = integer(low, high);
  return checked(data, dims, { dtype: "int64" });
}

/** A trainable leaf (requires grad) from a number, nested array or tensor (its values are copied). */
export function param(value: number | NestedArray | Tensor): Tensor {
  if (value instanceof Tensor) return Tensor.leaf(value.data.slice(), value.shape, { requiresGrad: true });
  return tensor(value, { requiresGrad: true });
}
