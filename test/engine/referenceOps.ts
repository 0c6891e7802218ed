// Interpreter of the PyTorch reference programs (../shared/reference/SCHEMA.md): each schema op
// mapped to the engine call a user would write. The reference test runs every case through it.
import type { Tensor } from "../../src/engine/tensor";
import * as F from "../../src/engine/functional";
import * as S from "../../src/engine/shapeFns";
import * as L from "../../src/engine/nn/layerFunctional";
import * as C from "../../src/engine/nn/convFunctional";
import { bceWithLogits, crossEntropy, mseLoss, type Reduction } from "../../src/engine/nn/losses";
import { ones, zeros } from "../../src/engine/creation";

/** The attrs object of one op, as parsed from JSON. */
export type Attrs = Readonly<Record<string, unknown>>;

/** State an op may leave behind for the test to check (BatchNorm running statistics). */
export interface RunContext {
  runningStats: { mean: Tensor; var: Tensor }[];
}

/** One schema op: inputs in schema order, outputs in schema order. */
export type RefOp = (inputs: readonly Tensor[], attrs: Attrs, ctx: RunContext) => Tensor | readonly Tensor[];

/** Every op of SCHEMA.md's table (a missing one is a compile error below). */
export type SchemaOpName =
  | "add" | "sub" | "mul" | "div" | "pow" | "add_scalar" | "mul_scalar" | "pow_scalar"
  | "neg" | "exp" | "log" | "sqrt" | "abs" | "tanh" | "sigmoid" | "relu" | "leaky_relu" | "gelu" | "softplus"
  | "sum" | "mean" | "max" | "min" | "logsumexp" | "softmax" | "log_softmax" | "matmul"
  | "reshape" | "transpose" | "permute" | "slice" | "concat" | "stack" | "select" | "unsqueeze" | "squeeze" | "flatten"
  | "linear" | "conv2d" | "max_pool2d" | "avg_pool2d" | "layer_norm" | "batch_norm" | "embedding" | "causal_mask_fill"
  | "rnn_cell" | "lstm_cell" | "gru_cell" | "mse_loss" | "cross_entropy" | "bce_with_logits";

/** A number attr; JSON non-finite numbers arrive as the strings "NaN", "Infinity", "-Infinity". */
function num(a: Attrs, key: string): number {
  const v = a[key];
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
  throw new Error(`attr ${key} should be a number, got ${JSON.stringify(v)}`);
}

function int(a: Attrs, key: string): number {
  const v = num(a, key);
  if (!Number.isInteger(v)) throw new Error(`attr ${key} should be an integer, got ${v}`);
  return v;
}

function intOrNull(a: Attrs, key: string): number | null {
  return a[key] === null ? null : int(a, key);
}

function ints(a: Attrs, key: string): number[] {
  const v = a[key];
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new Error(`attr ${key} should be a list of integers, got ${JSON.stringify(v)}`);
  return v as number[];
}

function intsOrNull(a: Attrs, key: string): number[] | null {
  return a[key] === null ? null : ints(a, key);
}

function pair(a: Attrs, key: string): [number, number] {
  const v = a[key];
  if (typeof v === "number") return [v, v];
  const [h, w] = ints(a, key);
  return [h, w];
}

function bool(a: Attrs, key: string): boolean {
  const v = a[key];
  if (typeof v !== "boolean") throw new Error(`attr ${key} should be a boolean, got ${JSON.stringify(v)}`);
  return v;
}

function str<T extends string>(a: Attrs, key: string, allowed: readonly T[]): T {
  const v = a[key];
  if (!allowed.includes(v as T)) throw new Error(`attr ${key} should be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
  return v as T;
}

const REDUCTIONS: readonly Reduction[] = ["none", "mean", "sum"];

/** The schema's reduce-over-dims ops: `dims` null means every dim. */
const reduceDims = (fn: (x: Tensor, dims: number[] | null, keepdim: boolean) => Tensor): RefOp => ([x], a) => fn(x, intsOrNull(a, "dims"), bool(a, "keepdim"));

/** The engine op table, keyed by schema name. */
export const referenceOps = {
  add: ([a, b]) => F.add(a, b),
  sub: ([a, b]) => F.sub(a, b),
  mul: ([a, b]) => F.mul(a, b),
  div: ([a, b]) => F.div(a, b),
  pow: ([a, b]) => F.pow(a, b),
  add_scalar: ([x], a) => F.add(x, num(a, "value")),
  mul_scalar: ([x], a) => F.mul(x, num(a, "value")),
  pow_scalar: ([x], a) => F.pow(x, num(a, "exponent")),
  neg: ([x]) => F.neg(x),
  exp: ([x]) => F.exp(x),
  log: ([x]) => F.log(x),
  sqrt: ([x]) => F.sqrt(x),
  abs: ([x]) => F.abs(x),
  tanh: ([x]) => F.tanh(x),
  sigmoid: ([x]) => F.sigmoid(x),
  relu: ([x]) => F.relu(x),
  leaky_relu: ([x], a) => F.leakyRelu(x, num(a, "negative_slope")),
  gelu: ([x], a) => F.gelu(x, str(a, "approximate", ["none", "tanh"] as const)),
  softplus: ([x], a) => F.softplus(x, num(a, "beta"), num(a, "threshold")),
  sum: reduceDims(F.sum),
  mean: reduceDims(F.mean),
  max: ([x], a) => F.max(x, intOrNull(a, "dim"), bool(a, "keepdim")),
  min: ([x], a) => F.min(x, intOrNull(a, "dim"), bool(a, "keepdim")),
  logsumexp: reduceDims((x, dims, keepdim) => F.logsumexp(x, dims ?? x.shape.map((_, i) => i), keepdim)),
  softmax: ([x], a) => F.softmax(x, int(a, "dim")),
  log_softmax: ([x], a) => F.logSoftmax(x, int(a, "dim")),
  matmul: ([a, b]) => F.matmul(a, b),
  reshape: ([x], a) => S.reshape(x, ints(a, "shape")),
  transpose: ([x], a) => S.transpose(x, int(a, "dim0"), int(a, "dim1")),
  permute: ([x], a) => S.permute(x, ints(a, "dims")),
  slice: ([x], a) => S.slice(x, int(a, "dim"), int(a, "start"), intOrNull(a, "end"), int(a, "step")),
  concat: (xs, a) => S.concat(xs, int(a, "dim")),
  stack: (xs, a) => S.stack(xs, int(a, "dim")),
  select: ([x], a) => S.select(x, int(a, "dim"), int(a, "index")),
  unsqueeze: ([x], a) => S.unsqueeze(x, int(a, "dim")),
  squeeze: ([x], a) => S.squeeze(x, int(a, "dim")),
  flatten: ([x], a) => S.flatten(x, int(a, "start_dim"), int(a, "end_dim")),
  linear: ([x, w, b]) => L.linear(x, w, b ?? null),
  conv2d: ([x, w, b], a) => C.conv2d(x, w, b ?? null, { stride: pair(a, "stride"), padding: pair(a, "padding") }),
  max_pool2d: ([x], a) => C.maxPool2d(x, pair(a, "kernel_size"), { stride: pair(a, "stride"), padding: pair(a, "padding") }),
  avg_pool2d: ([x], a) =>
    C.avgPool2d(x, pair(a, "kernel_size"), { stride: pair(a, "stride"), padding: pair(a, "padding"), countIncludePad: bool(a, "count_include_pad") }),
  layer_norm: ([x, w, b], a) => L.layerNorm(x, ints(a, "normalized_shape"), w ?? null, b ?? null, num(a, "eps")),
  batch_norm: ([x, w, b], a, ctx) => {
    // Running statistics start as PyTorch's (mean 0, var 1); the test compares them with `extras`.
    const channels = x.shape[1];
    const stats = { mean: zeros([channels]), var: ones([channels]) };
    ctx.runningStats.push(stats);
    return L.batchNorm(x, stats.mean, stats.var, { weight: w ?? null, bias: b ?? null, training: bool(a, "training"), momentum: num(a, "momentum"), eps: num(a, "eps") });
  },
  embedding: ([idx, w]) => L.embedding(idx, w),
  causal_mask_fill: ([x], a) => F.maskedFill(x, L.causalMask(x.shape[x.ndim - 2], x.shape[x.ndim - 1]), num(a, "value")),
  rnn_cell: ([x, h, wIh, wHh, bIh, bHh], a) => L.rnnCell(x, h, wIh, wHh, bIh ?? null, bHh ?? null, str(a, "nonlinearity", ["tanh", "relu"] as const)),
  lstm_cell: ([x, h, c, wIh, wHh, bIh, bHh]) => L.lstmCell(x, [h, c], wIh, wHh, bIh ?? null, bHh ?? null),
  gru_cell: ([x, h, wIh, wHh, bIh, bHh]) => L.gruCell(x, h, wIh, wHh, bIh ?? null, bHh ?? null),
  mse_loss: ([p, t], a) => mseLoss(p, t, { reduction: str(a, "reduction", REDUCTIONS) }),
  cross_entropy: ([x, t], a) => crossEntropy(x, t, { reduction: str(a, "reduction", REDUCTIONS) }),
  bce_with_logits: ([x, t], a) => bceWithLogits(x, t, { reduction: str(a, "reduction", REDUCTIONS) }),
} satisfies Record<SchemaOpName, RefOp>;

/** True if `name` is an op of the schema. */
export function isSchemaOp(name: string): name is SchemaOpName {
  return Object.hasOwn(referenceOps, name);
}
