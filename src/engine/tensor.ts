// The Tensor: Float64Array storage in row-major order, a shape, and its place in the graph (op name
// and ordered parents). Methods are thin: primitives go through the op table (ops.ts), composites
// live in functional.ts.
import { type BackwardFn, notifyLeaf, runBackward } from "./autograd";
import { type Shape, ShapeError, fmt, numelOf, sameShape, stridesOf } from "./shape";
import * as F from "./functional";
import * as S from "./shapeFns";

/** Element type. All storage is Float64Array; int64 and bool tensors hold exact integers / 0-1. */
export type DType = "float64" | "int64" | "bool";

/** A nested array of numbers, as accepted by tensor(). */
export type NestedArray = number | boolean | readonly NestedArray[];

/** A tensor or a plain number (numbers become 0-d constants). */
export type TensorLike = Tensor | number;

let nextId = 1;

/** An n-dimensional array of float64 values that can take part in automatic differentiation. */
export class Tensor {
  /** Unique, increasing id: creation order. */
  readonly id = nextId++;
  /** The op that produced this tensor; "leaf" for tensors made directly. */
  readonly op: string;
  /** The op's inputs, in order. */
  readonly parents: readonly Tensor[];
  /** dL/d(this) after backward(), for leaves that require grad (and after retainGrad()). */
  grad: Tensor | null = null;
  /** A name for display (parameter names, variable names found by the tracer). */
  label: string | undefined;
  /** Set by custom ops and the op table: the attrs the op ran with, for display. */
  readonly attrs: Readonly<Record<string, unknown>> | undefined;
  private _requiresGrad = false;
  private _retainsGrad = false;
  private readonly _backward: BackwardFn | null;

  constructor(
    /** Row-major storage; optimizers update it in place. */
    public data: Float64Array,
    /** Sizes of the dims, outermost first. */
    readonly shape: readonly number[],
    readonly dtype: DType = "float64",
    node?: { op: string; parents: readonly Tensor[]; backward: BackwardFn | null; attrs?: Record<string, unknown> },
  ) {
    if (data.length !== numelOf(shape)) {
      throw new ShapeError("tensor", `${data.length} values do not fill shape ${fmt(shape)} (${numelOf(shape)} elements)`);
    }
    this.op = node?.op ?? "leaf";
    this.parents = node?.parents ?? [];
    this._backward = node?.backward ?? null;
    this.attrs = node?.attrs;
    if (this._backward !== null) this._requiresGrad = true;
  }

  /** Makes a leaf and reports it to the observer. */
  static leaf(data: Float64Array, shape: Shape, opts: { requiresGrad?: boolean; dtype?: DType } = {}): Tensor {
    const t = new Tensor(data, [...shape], opts.dtype ?? "float64");
    if (opts.requiresGrad) t.requiresGrad = true;
    notifyLeaf(t);
    return t;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(v: boolean) {
    if (!this.isLeaf) throw new Error(`requiresGrad can only be set on leaf tensors (this one is the output of ${this.op})`);
    if (v && this.dtype !== "float64") throw new Error(`only float64 tensors can require gradients; this one is ${this.dtype}`);
    this._requiresGrad = v;
  }

  /** True for tensors not produced by an op that records gradients. */
  get isLeaf(): boolean {
    return this._backward === null;
  }

  /** The gradient function (null for leaves). */
  get backwardFn(): BackwardFn | null {
    return this._backward;
  }

  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  /** Keeps .grad on this non-leaf tensor after backward(). */
  retainGrad(): this {
    this._retainsGrad = true;
    return this;
  }

  get numel(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Size of one dim (negative counts from the end), or the whole shape. */
  size(dim?: number): number {
    if (dim === undefined) return this.numel;
    const d = dim < 0 ? dim + this.shape.length : dim;
    if (d < 0 || d >= this.shape.length) throw new ShapeError("size", `dim ${dim} out of range for shape ${fmt(this.shape)}`);
    return this.shape[d];
  }

  get strides(): number[] {
    return stridesOf(this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.numel !== 1) throw new ShapeError("item", `only one-element tensors can be converted to a number; this one has shape ${fmt(this.shape)}`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for 0-d tensors). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = numelOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** A new tensor with the given data and shape, outside the graph, same dtype. */
  withData(data: Float64Array, shape: Shape = this.shape, dtype: DType = this.dtype): Tensor {
    return new Tensor(data, [...shape], dtype);
  }

  /** The same values, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.dtype);
  }

  /** Adds g into .grad (used by the walker). */
  accumulateGrad(g: Tensor): void {
    this.grad = this.grad === null ? new Tensor(g.data.slice(), this.shape) : this.grad.withData(addArrays(this.grad.data, g.data));
  }

  /** Backpropagates from this tensor. A non-scalar needs the gradient of the loss with respect to it. */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad) {
      throw new Error("backward(): this tensor does not require grad and has no grad function (no input of the computation requires grad — did you create parameters with param()?)");
    }
    if (gradient === undefined && this.numel !== 1) {
      throw new Error(`backward(): the output has shape ${fmt(this.shape)}, not a scalar; pass a gradient of the same shape, or reduce it first (e.g. .sum() or .mean())`);
    }
    if (gradient !== undefined && !sameShape(gradient.shape, this.shape)) {
      throw new ShapeError("backward", `gradient of shape ${fmt(gradient.shape)} does not match the output's shape ${fmt(this.shape)}`);
    }
    runBackward(this, gradient ?? new Tensor(new Float64Array([1]), this.shape));
  }

  toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}${this.op === "leaf" ? "" : `, op=${this.op}`})`;
  }

  // ---- math (PyTorch names in camelCase) ----
  add(o: TensorLike): Tensor { return F.add(this, o); }
  sub(o: TensorLike): Tensor { return F.sub(this, o); }
  mul(o: TensorLike): Tensor { return F.mul(this, o); }
  div(o: TensorLike): Tensor { return F.div(this, o); }
  pow(o: TensorLike): Tensor { return F.pow(this, o); }
  neg(): Tensor { return F.neg(this); }
  exp(): Tensor { return F.exp(this); }
  log(): Tensor { return F.log(this); }
  sqrt(): Tensor { return F.sqrt(this); }
  abs(): Tensor { return F.abs(this); }
  square(): Tensor { return F.pow(this, 2); }
  clamp(min: number | null, max?: number | null): Tensor { return F.clamp(this, min, max ?? null); }
  maximum(o: TensorLike): Tensor { return F.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return F.minimum(this, o); }
  tanh(): Tensor { return F.tanh(this); }
  sigmoid(): Tensor { return F.sigmoid(this); }
  relu(): Tensor { return F.relu(this); }
  gt(o: TensorLike): Tensor { return F.gt(this, o); }
  lt(o: TensorLike): Tensor { return F.lt(this, o); }
  ge(o: TensorLike): Tensor { return F.ge(this, o); }
  le(o: TensorLike): Tensor { return F.le(this, o); }
  eq(o: TensorLike): Tensor { return F.eq(this, o); }
  ne(o: TensorLike): Tensor { return F.ne(this, o); }
  // ---- reductions ----
  sum(dims?: number | readonly number[] | null, keepdim = false): Tensor { return F.sum(this, dims ?? null, keepdim); }
  mean(dims?: number | readonly number[] | null, keepdim = false): Tensor { return F.mean(this, dims ?? null, keepdim); }
  max(dim?: number | null, keepdim = false): Tensor { return F.max(this, dim ?? null, keepdim); }
  min(dim?: number | null, keepdim = false): Tensor { return F.min(this, dim ?? null, keepdim); }
  argmax(dim?: number | null, keepdim = false): Tensor { return F.argmax(this, dim ?? null, keepdim); }
  argmin(dim?: number | null, keepdim = false): Tensor { return F.argmin(this, dim ?? null, keepdim); }
  logsumexp(dims: number | readonly number[], keepdim = false): Tensor { return F.logsumexp(this, dims, keepdim); }
  var(dims?: number | readonly number[] | null, opts: F.VarOptions = {}): Tensor { return F.variance(this, dims ?? null, opts); }
  std(dims?: number | readonly number[] | null, opts: F.VarOptions = {}): Tensor { return F.std(this, dims ?? null, opts); }
  softmax(dim: number): Tensor { return F.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return F.logSoftmax(this, dim); }
  // ---- linear algebra and shape ----
  matmul(o: Tensor): Tensor { return F.matmul(this, o); }
  reshape(...shape: number[] | [readonly number[]]): Tensor { return S.reshape(this, flatArgs(shape)); }
  view(...shape: number[] | [readonly number[]]): Tensor { return S.reshape(this, flatArgs(shape)); }
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  /** Transpose of a 2-D tensor (a 0-d or 1-d tensor is returned as is). */
  t(): Tensor { return this.ndim < 2 ? this : S.transpose(this, 0, 1); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return S.permute(this, flatArgs(dims)); }
  squeeze(dim?: number): Tensor { return S.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  flatten(startDim = 0, endDim = -1): Tensor { return S.flatten(this, startDim, endDim); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return S.expand(this, flatArgs(shape)); }
  slice(dim: number, start: number, end?: number | null, step = 1): Tensor { return S.slice(this, dim, start, end ?? null, step); }
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return S.gather(this, dim, index); }
  indexSelect(dim: number, index: Tensor): Tensor { return S.indexSelect(this, dim, index); }
  maskedFill(mask: Tensor, value: number): Tensor { return F.maskedFill(this, mask, value); }
  clone(): Tensor { return S.clone(this); }
}

function flatArgs(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

function addArrays(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}
