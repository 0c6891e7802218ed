// Elementwise primitives: forward as a scalar function, backward as a formula in tensor ops.
// g = dL/dy, x = inputs, y = output. Broadcasting is undone by the walker, never here.
import { broadcastShapes } from "../shape";
import { mapBinary, mapTernary, mapUnary, reluGrad, sigmoidGrad, tanhGrad } from "../kernels/elementwise";
import { erf } from "../kernels/special";
import { known } from "../kernels/loops";
import type { Tensor } from "../tensor";
import { type Grads, type NoAttrs, type OpDef, raw } from "./opDef";

function unary<A = NoAttrs>(
  f: (v: number, a: A) => number,
  grad: (g: Tensor, x: Tensor, y: Tensor, a: A) => Tensor,
): OpDef<A> {
  return {
    // A one-argument f is passed as is, so the loops recognise the known functions (kernels/loops.ts).
    forward: ([x], a) => raw(mapUnary(x.data, f.length < 2 ? (f as (v: number) => number) : (v) => f(v, a)), x.shape),
    backward: (g, [x], y, a) => [grad(g, x, y, a)],
  };
}

function binary(op: string, f: (a: number, b: number) => number, grad: (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => Grads): OpDef<NoAttrs> {
  return {
    forward: ([a, b]) => {
      const shape = broadcastShapes(op, a.shape, b.shape);
      return raw(mapBinary(a.data, a.shape, b.data, b.shape, shape, f), shape);
    },
    backward: (g, [a, b], y) => grad(g, a, b, y),
  };
}

/** The gradient for input t, computed only when t requires one (the walker drops the others anyway). */
function wanted(t: Tensor, grad: () => Tensor): Tensor | null {
  return t.requiresGrad ? grad() : null;
}

/** A tensor of f applied to each element of x (no graph): local derivatives in backward formulas. */
function each(x: Tensor, f: (v: number) => number): Tensor {
  return raw(mapUnary(x.data, f), x.shape);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

function geluTanhGrad(v: number): number {
  const inner = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
  const t = Math.tanh(inner);
  return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
}

/** Comparison kinds for the `compare` op (bool output, no gradient). */
export type Comparison = "gt" | "lt" | "ge" | "le" | "eq" | "ne";
const comparisons: Record<Comparison, (a: number, b: number) => number> = {
  gt: (a, b) => +(a > b),
  lt: (a, b) => +(a < b),
  ge: (a, b) => +(a >= b),
  le: (a, b) => +(a <= b),
  eq: (a, b) => +(a === b),
  ne: (a, b) => +(a !== b),
};

export const pointwiseOps = {
  add: binary("add", known.add, (g) => [g, g]),
  sub: binary("sub", known.sub, (g, _a, b) => [g, wanted(b, () => g.neg())]),
  mul: binary("mul", known.mul, (g, a, b) => [wanted(a, () => g.mul(b)), wanted(b, () => g.mul(a))]),
  div: binary("div", known.div, (g, a, b) => [wanted(a, () => g.div(b)), wanted(b, () => g.mul(a).div(b.mul(b)).neg())]),
  // NOTE: as PyTorch, d/db a^b = a^b·log(a), taken as 0 where a = 0 and b ≥ 0.
  pow: binary("pow", Math.pow, (g, a, b, y) => [
    wanted(a, () => g.mul(b).mul(a.pow(b.sub(1)))),
    wanted(b, () => g.mul(raw(mapBinary(a.data, a.shape, y.data, y.shape, y.shape, (av, yv) => (av === 0 ? 0 : yv * Math.log(av))), y.shape))),
  ]),
  // NOTE: ties split the gradient in half, as torch.maximum/minimum.
  maximum: binary("maximum", Math.max, (g, a, b) => [wanted(a, () => g.mul(tieMask(a, b, 1))), wanted(b, () => g.mul(tieMask(b, a, 1)))]),
  minimum: binary("minimum", Math.min, (g, a, b) => [wanted(a, () => g.mul(tieMask(a, b, -1))), wanted(b, () => g.mul(tieMask(b, a, -1)))]),
  compare: {
    forward: ([a, b], { cmp }: { cmp: Comparison }) => {
      const shape = broadcastShapes(cmp, a.shape, b.shape);
      return raw(mapBinary(a.data, a.shape, b.data, b.shape, shape, comparisons[cmp]), shape, "bool");
    },
    backward: () => [null, null],
  } satisfies OpDef<{ cmp: Comparison }>,
  where: {
    forward: ([c, a, b]) => {
      const shape = broadcastShapes("where", c.shape, a.shape, b.shape);
      return raw(mapTernary(c.data, c.shape, a.data, a.shape, b.data, b.shape, shape, (cv, av, bv) => (cv !== 0 ? av : bv)), shape);
    },
    backward: (g, [c, a, b]) => [null, wanted(a, () => g.mul(each(c, (v) => +(v !== 0)))), wanted(b, () => g.mul(each(c, (v) => +(v === 0))))],
  } satisfies OpDef<NoAttrs>,
  neg: unary(known.neg, (g) => g.neg()),
  exp: unary(Math.exp, (g, _x, y) => g.mul(y)),
  log: unary(Math.log, (g, x) => g.div(x)),
  // NOTE: sqrt'(0) = inf, as in PyTorch.
  sqrt: unary(Math.sqrt, (g, _x, y) => g.div(y.mul(2))),
  // NOTE: abs'(0) = 0, as in PyTorch.
  abs: unary(Math.abs, (g, x) => g.mul(each(x, Math.sign))),
  tanh: unary(Math.tanh, (g, _x, y) => raw(tanhGrad(g.data, y.data), y.shape)),
  sigmoid: unary(sigmoid, (g, _x, y) => raw(sigmoidGrad(g.data, y.data), y.shape)),
  // NOTE: relu'(0) = 0, as in PyTorch.
  relu: unary(known.relu, (g, x) => raw(reluGrad(g.data, x.data), x.shape)),
  // NOTE: leakyRelu'(0) = slope, as in PyTorch.
  leakyRelu: unary<{ slope: number }>((v, a) => (v > 0 ? v : a.slope * v), (g, x, _y, a) => g.mul(each(x, (v) => (v > 0 ? 1 : a.slope)))),
  gelu: unary<{ approximate: "none" | "tanh" }>(
    (v, a) => (a.approximate === "tanh" ? 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))) : 0.5 * v * (1 + erf(v * Math.SQRT1_2))),
    (g, x, _y, a) =>
      g.mul(each(x, a.approximate === "tanh" ? geluTanhGrad : (v) => 0.5 * (1 + erf(v * Math.SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v))),
  ),
  // NOTE: linear strictly above the threshold, as in PyTorch.
  softplus: unary<{ beta: number; threshold: number }>(
    (v, a) => (a.beta * v > a.threshold ? v : Math.log1p(Math.exp(a.beta * v)) / a.beta),
    (g, x, _y, a) => g.mul(each(x, (v) => (a.beta * v > a.threshold ? 1 : sigmoid(a.beta * v)))),
  ),
  elu: unary<{ alpha: number }>(
    (v, a) => (v > 0 ? v : a.alpha * Math.expm1(v)),
    (g, x, _y, a) => g.mul(each(x, (v) => (v > 0 ? 1 : a.alpha * Math.exp(v)))),
  ),
  // NOTE: the gradient passes through at the bounds, as in PyTorch.
  clamp: unary<{ min: number | null; max: number | null }>(
    (v, a) => Math.min(Math.max(v, a.min ?? -Infinity), a.max ?? Infinity),
    (g, x, _y, a) => g.mul(each(x, (v) => +(v >= (a.min ?? -Infinity) && v <= (a.max ?? Infinity)))),
  ),
  powScalar: unary<{ exponent: number }>(
    (v, a) => Math.pow(v, a.exponent),
    (g, x, _y, a) => (a.exponent === 0 ? g.mul(0) : g.mul(each(x, (v) => a.exponent * Math.pow(v, a.exponent - 1)))),
  ),
};

/** 1 where a beats b (dir 1: greater, -1: smaller), ½ on ties, 0 elsewhere, over the broadcast shape. */
function tieMask(a: Tensor, b: Tensor, dir: 1 | -1): Tensor {
  const shape = broadcastShapes("maximum", a.shape, b.shape);
  return raw(mapBinary(a.data, a.shape, b.data, b.shape, shape, (x, y) => (x === y ? 0.5 : dir * (x - y) > 0 ? 1 : 0)), shape);
}
