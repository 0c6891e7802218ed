// nn.init: PyTorch's initialisers, writing in place into a tensor's data from the engine's seeded
// generator (so the same seed gives the same model). Formulas follow torch.nn.init exactly.
import { ShapeError, fmt } from "../shape";
import { normal as randNormal, uniform as randUniform } from "../random";
import type { Tensor } from "../tensor";

/** Nonlinearities known to calculateGain (as torch.nn.init.calculate_gain). */
export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** Which fan kaiming init preserves: the forward pass's variance (fan_in) or the backward pass's (fan_out). */
export type FanMode = "fan_in" | "fan_out";

/** Recommended gain for a nonlinearity; `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "relu":
      return Math.SQRT2;
    case "tanh":
      return 5 / 3;
    case "selu":
      return 3 / 4;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      return 1;
  }
}

/** [fan_in, fan_out] of a weight: dim 1 and dim 0 sizes times the receptive field (product of dims 2…). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new ShapeError("init", `fan in and fan out cannot be computed for a tensor with fewer than 2 dims (shape ${fmt(t.shape)})`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fill(t: Tensor, sample: () => number): Tensor {
  for (let i = 0; i < t.data.length; i++) t.data[i] = sample();
  return t;
}

/** Fills t with U(a, b). */
export function uniform(t: Tensor, a = 0, b = 1): Tensor {
  if (!(b >= a)) throw new RangeError(`init.uniform: the lower bound ${a} is above the upper bound ${b}`);
  return fill(t, () => a + (b - a) * randUniform());
}

/** Fills t with N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1): Tensor {
  if (!(std >= 0)) throw new RangeError(`init.normal: std must be non-negative, got ${std}`);
  return fill(t, () => mean + std * randNormal());
}

/** Fills t with `value`. */
export function constant(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

/** Fills t with 0. */
export const zeros = (t: Tensor): Tensor => constant(t, 0);

/** Fills t with 1. */
export const ones = (t: Tensor): Tensor => constant(t, 1);

/** Options of the kaiming initialisers (torch defaults: a 0, fan_in, leaky_relu). */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, { a = 0, mode = "fan_in", nonlinearity = "leaky_relu" }: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = mode === "fan_in" ? fanIn : fanOut;
  if (fan === 0) throw new ShapeError(op, `cannot initialise a tensor of shape ${fmt(t.shape)}: its ${mode} is 0`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** He uniform: U(−b, b) with b = gain·√(3 / fan). */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd("kaimingUniform", t, opts);
  return uniform(t, -bound, bound);
}

/** He normal: N(0, std²) with std = gain / √fan. */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd("kaimingNormal", t, opts));
}

/** Glorot uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)). */
export function xavierUniform(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -bound, bound);
}

/** Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
export function xavierNormal(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}
