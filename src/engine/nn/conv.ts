// Convolution modules Conv1d and Conv2d: PyTorch's weight layout [C_out, C_in, k…] and default
// initialisation, over the checked functions of convFunctional.ts.
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { type IntOrPair, conv1d, conv2d } from "./convFunctional";
import { checkSize } from "./linear";
import { Module } from "./module";
import { newParameter, resetLinearLike } from "./parameter";

/** Padding: sizes, or "valid" (none) or "same" (output as large as the input; stride 1, odd effective kernel). */
export type PaddingArg<P> = P | "valid" | "same";

/** Options of Conv2d (torch defaults: stride 1, padding 0, dilation 1, bias). */
export interface Conv2dModuleOptions {
  stride?: IntOrPair;
  padding?: PaddingArg<IntOrPair>;
  dilation?: IntOrPair;
  bias?: boolean;
}

/** Options of Conv1d (torch defaults: stride 1, padding 0, dilation 1, bias). */
export interface Conv1dModuleOptions {
  stride?: number;
  padding?: PaddingArg<number>;
  dilation?: number;
  bias?: boolean;
}

const asPair = (v: IntOrPair): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/** Per-dim padding from sizes, "valid" (none) or "same" (needs stride 1 and an even total padding per dim). */
function resolvePadding(module: string, padding: readonly number[] | "valid" | "same", kernel: readonly number[], dilation: readonly number[], stride: readonly number[]): number[] {
  if (padding === "valid") return kernel.map(() => 0);
  if (padding !== "same") return [...padding];
  if (stride.some((s) => s !== 1)) throw new RangeError(`${module}: padding "same" is only supported with stride 1, got stride ${fmt(stride)}`);
  return kernel.map((k, i) => {
    const total = dilation[i] * (k - 1);
    if (total % 2 !== 0) throw new RangeError(`${module}: padding "same" needs an odd effective kernel (dilation·(k−1) even), got kernel ${fmt(kernel)} with dilation ${fmt(dilation)}`);
    return total / 2;
  });
}

/** 2-D convolution over [N, C_in, H, W] (or unbatched [C_in, H, W]); weight [C_out, C_in, kH, kW] and bias U(−1/√fan_in, 1/√fan_in). */
export class Conv2d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntOrPair,
    { stride = 1, padding = 0, dilation = 1, bias = true }: Conv2dModuleOptions = {},
  ) {
    super();
    checkSize("Conv2d", "in_channels", inChannels);
    checkSize("Conv2d", "out_channels", outChannels);
    this.kernelSize = asPair(kernelSize);
    this.kernelSize.forEach((k) => checkSize("Conv2d", "kernel_size", k));
    this.stride = asPair(stride);
    this.dilation = asPair(dilation);
    const [ph, pw] = resolvePadding("Conv2d", typeof padding === "string" ? padding : asPair(padding), this.kernelSize, this.dilation, this.stride);
    this.padding = [ph, pw];
    this.weight = newParameter([outChannels, inChannels, ...this.kernelSize]);
    this.bias = bias ? newParameter([outChannels]) : null;
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 3 && x.ndim !== 4) || x.shape[x.ndim - 3] !== this.inChannels) {
      throw new ShapeError(
        `Conv2d(${this.inChannels}, ${this.outChannels}, kernel_size=${fmt(this.kernelSize)})`,
        `expected input [N, ${this.inChannels}, H, W] or [${this.inChannels}, H, W], got shape ${fmt(x.shape)}`,
      );
    }
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
}

/** 1-D convolution over [N, C_in, L] (or unbatched [C_in, L]); weight [C_out, C_in, k] and bias U(−1/√fan_in, 1/√fan_in). */
export class Conv1d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    { stride = 1, padding = 0, dilation = 1, bias = true }: Conv1dModuleOptions = {},
  ) {
    super();
    checkSize("Conv1d", "in_channels", inChannels);
    checkSize("Conv1d", "out_channels", outChannels);
    checkSize("Conv1d", "kernel_size", kernelSize);
    this.stride = stride;
    this.dilation = dilation;
    [this.padding] = resolvePadding("Conv1d", typeof padding === "string" ? padding : [padding], [kernelSize], [dilation], [stride]);
    this.weight = newParameter([outChannels, inChannels, kernelSize]);
    this.bias = bias ? newParameter([outChannels]) : null;
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[x.ndim - 2] !== this.inChannels) {
      throw new ShapeError(
        `Conv1d(${this.inChannels}, ${this.outChannels}, kernel_size=${this.kernelSize})`,
        `expected input [N, ${this.inChannels}, L] or [${this.inChannels}, L], got shape ${fmt(x.shape)}`,
      );
    }
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
}
