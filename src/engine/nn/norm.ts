// Normalisation layers: LayerNorm and BatchNorm1d/2d (running statistics as buffers, train/eval).
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { batchNorm, layerNorm } from "./layerFunctional";
import { checkSize } from "./linear";
import { Module } from "./module";
import { newBuffer, newParameter } from "./parameter";

/** Options of LayerNorm (torch defaults). */
export interface LayerNormOptions {
  eps?: number;
  /** Learn a per-element weight (ones) and bias (zeros). */
  elementwiseAffine?: boolean;
  /** Learn the bias (when elementwiseAffine). */
  bias?: boolean;
}

/** Normalises over the last dims (normalizedShape) with the biased variance, then scales and shifts per element. */
export class LayerNorm extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  readonly normalizedShape: readonly number[];
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], { eps = 1e-5, elementwiseAffine = true, bias = true }: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    this.normalizedShape.forEach((s) => checkSize("LayerNorm", "normalized_shape", s));
    this.eps = eps;
    this.weight = elementwiseAffine ? newParameter(this.normalizedShape, 1) : null;
    this.bias = elementwiseAffine && bias ? newParameter(this.normalizedShape, 0) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}

/** Options of BatchNorm1d/2d (torch defaults). momentum null means a cumulative average over all batches. */
export interface BatchNormModuleOptions {
  eps?: number;
  momentum?: number | null;
  /** Learn a per-channel weight (ones) and bias (zeros). */
  affine?: boolean;
  /** Keep running statistics for eval mode; without them, eval mode uses batch statistics too. */
  trackRunningStats?: boolean;
}

/** Shared body of BatchNorm1d/2d: per-channel statistics over every dim except 1. */
abstract class BatchNormBase extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  /** Buffers (no gradient): running mean (zeros), running variance (ones), and the number of training batches seen. */
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true }: BatchNormModuleOptions,
  ) {
    super();
    checkSize(new.target.name, "num_features", numFeatures);
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? newParameter([numFeatures], 1) : null;
    this.bias = affine ? newParameter([numFeatures], 0) : null;
    this.runningMean = trackRunningStats ? newBuffer([numFeatures], 0) : null;
    this.runningVar = trackRunningStats ? newBuffer([numFeatures], 1) : null;
    this.numBatchesTracked = trackRunningStats ? newBuffer([], 0, "int64") : null;
  }

  /** The input ranks this layer accepts, for the error message. */
  protected abstract readonly ranks: readonly number[];

  /** Resets the running statistics to mean 0, variance 1, no batches. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      const want = this.ranks.map((r) => (r === 2 ? "[N, C]" : r === 3 ? "[N, C, L]" : "[N, C, H, W]")).join(" or ");
      throw new ShapeError(`${this.kind}(${this.numFeatures})`, `expected input ${want} with C = ${this.numFeatures}, got shape ${fmt(x.shape)}`);
    }
    let momentum = this.momentum ?? 0;
    if (this.training && this.numBatchesTracked !== null) {
      this.numBatchesTracked.data[0] += 1;
      // NOTE: momentum null is PyTorch's cumulative moving average: the k-th batch gets weight 1/k.
      if (this.momentum === null) momentum = 1 / this.numBatchesTracked.data[0];
    }
    // Without running statistics, eval mode normalises with the batch's own (as PyTorch).
    return batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight,
      bias: this.bias,
      training: this.training || this.runningMean === null,
      momentum,
      eps: this.eps,
    });
  }
}

/** Batch normalisation of [N, C] or [N, C, L] inputs, per channel. */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];

  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super(numFeatures, opts);
  }
}

/** Batch normalisation of [N, C, H, W] inputs, per channel. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];

  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super(numFeatures, opts);
  }
}
