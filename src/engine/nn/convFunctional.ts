// Checked convolution and pooling functions with PyTorch's signatures and defaults. They validate
// shapes and sizes, resolve numbers to [H, W] pairs, and call the conv2d / maxPool2d / avgPool2d
// rows of the op table (conv1d is conv2d with H = 1). No backward code here.
import { apply } from "../ops";
import { outSize } from "../kernels/conv";
import type { Pair } from "../ops/nn";
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";

/** A size for both spatial dims: one number, or [along H, along W]. */
export type IntOrPair = number | readonly [number, number];

/** Options of conv2d (PyTorch defaults: stride 1, padding 0, dilation 1). */
export interface Conv2dOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
  dilation?: IntOrPair;
}

/** Options of conv1d (PyTorch defaults: stride 1, padding 0, dilation 1). */
export interface Conv1dOptions {
  stride?: number | readonly [number];
  padding?: number | readonly [number];
  dilation?: number | readonly [number];
}

/** Options of maxPool2d: stride defaults to the kernel size, padding to 0. */
export interface MaxPool2dOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
}

/** Options of avgPool2d: as maxPool2d, and whether padding counts in the average (default true). */
export interface AvgPool2dOptions extends MaxPool2dOptions {
  countIncludePad?: boolean;
}

const show = (p: Pair): string => `(${p[0]}, ${p[1]})`;

/** Resolves a number or pair into a pair of integers ≥ min, naming the op and the argument when it is not. */
function pair(op: string, name: string, v: IntOrPair, min: number): Pair {
  const p: Pair = typeof v === "number" ? [v, v] : v;
  if (p.length !== 2 || !p.every((s) => Number.isInteger(s) && s >= min)) {
    throw new ShapeError(op, `${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/** Adds a batch dim to an unbatched input (as PyTorch); returns the input and how to undo it. */
function batched(op: string, x: Tensor, layout: string): [Tensor, (y: Tensor) => Tensor] {
  if (x.ndim === 4) return [x, (y) => y];
  if (x.ndim === 3) return [x.unsqueeze(0), (y) => y.squeeze(0)];
  throw new ShapeError(op, `expected a 4-D input [N, ${layout}] or a 3-D unbatched input [${layout}], got shape ${fmt(x.shape)}`);
}

/** Checks that the (dilated) window fits the padded input, so the output is at least 1×1. */
function checkFits(op: string, x: Tensor, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair): void {
  const [H, W] = x.shape.slice(2);
  const Ho = outSize(H, kernel[0], stride[0], padding[0], dilation[0]);
  const Wo = outSize(W, kernel[1], stride[1], padding[1], dilation[1]);
  if (Ho < 1 || Wo < 1) {
    const span = `${dilation[0] * (kernel[0] - 1) + 1}×${dilation[1] * (kernel[1] - 1) + 1}`;
    throw new ShapeError(
      op,
      `kernel ${show(kernel)} with dilation ${show(dilation)} spans ${span}, larger than the padded input ${H + 2 * padding[0]}×${W + 2 * padding[1]} (input ${fmt(x.shape)}, padding ${show(padding)}): the window must fit`,
    );
  }
}

/** 2-D convolution (cross-correlation, as torch.nn.functional.conv2d): x [N, C_in, H, W] or [C_in, H, W], weight [C_out, C_in, kH, kW], bias [C_out]. */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, { stride = 1, padding = 0, dilation = 1 }: Conv2dOptions = {}): Tensor {
  const op = "conv2d";
  const [xb, unbatch] = batched(op, x, "C_in, H, W");
  if (weight.ndim !== 4) throw new ShapeError(op, `weight must be 4-D [C_out, C_in, kH, kW], got shape ${fmt(weight.shape)}`);
  if (weight.shape[1] !== xb.shape[1]) {
    throw new ShapeError(
      op,
      `the input has ${xb.shape[1]} channels (shape ${fmt(x.shape)}) but the weight ${fmt(weight.shape)} expects ${weight.shape[1]}: weight.shape[1] must equal the input's channel dim (groups are not supported)`,
    );
  }
  if (bias !== undefined && bias !== null && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(op, `bias must have shape [${weight.shape[0]}] (one value per output channel of weight ${fmt(weight.shape)}), got ${fmt(bias.shape)}`);
  }
  const attrs = { stride: pair(op, "stride", stride, 1), padding: pair(op, "padding", padding, 0), dilation: pair(op, "dilation", dilation, 1) };
  const kernel: Pair = [weight.shape[2], weight.shape[3]];
  if (kernel[0] < 1 || kernel[1] < 1) throw new ShapeError(op, `the weight's kernel ${show(kernel)} must be at least 1×1 (weight ${fmt(weight.shape)})`);
  checkFits(op, xb, kernel, attrs.stride, attrs.padding, attrs.dilation);
  const inputs = bias === undefined || bias === null ? [xb, weight] : [xb, weight, bias];
  return unbatch(apply("conv2d", inputs, attrs));
}

/** 1-D convolution (as torch.nn.functional.conv1d): x [N, C_in, L] or [C_in, L], weight [C_out, C_in, k], bias [C_out]; runs as conv2d with H = 1. */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, { stride = 1, padding = 0, dilation = 1 }: Conv1dOptions = {}): Tensor {
  const op = "conv1d";
  if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(op, `expected a 3-D input [N, C_in, L] or a 2-D unbatched input [C_in, L], got shape ${fmt(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(op, `weight must be 3-D [C_out, C_in, k], got shape ${fmt(weight.shape)}`);
  const one = (name: string, v: number | readonly [number], min: number): number => {
    const n = typeof v === "number" ? v : v.length === 1 ? v[0] : NaN;
    if (!Number.isInteger(n) || n < min) throw new ShapeError(op, `${name} must be an integer ≥ ${min} (or a 1-tuple), got ${JSON.stringify(v)}`);
    return n;
  };
  const opts: Conv2dOptions = { stride: [1, one("stride", stride, 1)], padding: [0, one("padding", padding, 0)], dilation: [1, one("dilation", dilation, 1)] };
  const h = x.ndim - 1;
  try {
    return conv2d(x.unsqueeze(h), weight.unsqueeze(2), bias, opts).squeeze(h);
  } catch (e) {
    // Report the 1-D shapes the caller passed, not the internal 2-D ones.
    if (e instanceof ShapeError) throw new ShapeError(op, `${e.message.replace(/^conv2d: /, "")} (as conv2d of input ${fmt(x.shape)} with H = 1, weight ${fmt(weight.shape)})`);
    throw e;
  }
}

function poolAttrs(op: string, x: Tensor, kernelSize: IntOrPair, stride: IntOrPair | undefined, padding: IntOrPair) {
  const kernel = pair(op, "kernelSize", kernelSize, 1);
  const attrs = { kernelSize: kernel, stride: stride === undefined ? kernel : pair(op, "stride", stride, 1), padding: pair(op, "padding", padding, 0) };
  if (attrs.padding[0] * 2 > kernel[0] || attrs.padding[1] * 2 > kernel[1]) {
    throw new ShapeError(op, `padding ${show(attrs.padding)} must be at most half of the kernel size ${show(kernel)}`);
  }
  checkFits(op, x, kernel, attrs.stride, attrs.padding, [1, 1]);
  return attrs;
}

/** 2-D max pooling (as torch.nn.functional.max_pool2d, floor mode): padding counts as -inf; the gradient goes to the first maximum of each window. */
export function maxPool2d(x: Tensor, kernelSize: IntOrPair, { stride, padding = 0 }: MaxPool2dOptions = {}): Tensor {
  const [xb, unbatch] = batched("maxPool2d", x, "C, H, W");
  return unbatch(apply("maxPool2d", [xb], poolAttrs("maxPool2d", xb, kernelSize, stride, padding)));
}

/** 2-D average pooling (as torch.nn.functional.avg_pool2d, floor mode); countIncludePad divides by the full window area. */
export function avgPool2d(x: Tensor, kernelSize: IntOrPair, { stride, padding = 0, countIncludePad = true }: AvgPool2dOptions = {}): Tensor {
  const [xb, unbatch] = batched("avgPool2d", x, "C, H, W");
  return unbatch(apply("avgPool2d", [xb], { ...poolAttrs("avgPool2d", xb, kernelSize, stride, padding), countIncludePad }));
}
