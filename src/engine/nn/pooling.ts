// Pooling modules MaxPool2d and AvgPool2d over the checked functions of convFunctional.ts.
import type { Tensor } from "../tensor";
import { type AvgPool2dOptions, type IntOrPair, type MaxPool2dOptions, avgPool2d, maxPool2d } from "./convFunctional";
import { Module } from "./module";

/** Max over each kH×kW window of [N, C, H, W] (or [C, H, W]); stride defaults to the kernel size, padding counts as −∞. */
export class MaxPool2d extends Module {
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;

  constructor(
    readonly kernelSize: IntOrPair,
    { stride, padding = 0 }: MaxPool2dOptions = {},
  ) {
    super();
    this.stride = stride ?? kernelSize;
    this.padding = padding;
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }
}

/** Mean over each kH×kW window of [N, C, H, W] (or [C, H, W]); countIncludePad (default true) divides by the full window area. */
export class AvgPool2d extends Module {
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly countIncludePad: boolean;

  constructor(
    readonly kernelSize: IntOrPair,
    { stride, padding = 0, countIncludePad = true }: AvgPool2dOptions = {},
  ) {
    super();
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.countIncludePad = countIncludePad;
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, countIncludePad: this.countIncludePad });
  }
}
