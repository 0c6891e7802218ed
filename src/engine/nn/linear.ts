// nn.Linear: y = x·Wᵀ + b with PyTorch's layout ([out, in]) and default initialisation.
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { linear } from "./layerFunctional";
import { Module } from "./module";
import { newParameter, resetLinearLike } from "./parameter";

/** Options of Linear. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/** Fully connected layer: y = x·Wᵀ + b over the last dim of x. Weight [out, in], bias [out], both U(−1/√in, 1/√in). */
export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: LinearOptions = {},
  ) {
    super();
    checkSize("Linear", "in_features", inFeatures);
    checkSize("Linear", "out_features", outFeatures);
    this.weight = newParameter([outFeatures, inFeatures]);
    this.bias = bias ? newParameter([outFeatures]) : null;
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(
        this.toString(),
        `input of shape ${fmt(x.shape)} does not fit weight of shape ${fmt(this.weight.shape)}: the input's last dim must be in_features = ${this.inFeatures}`,
      );
    }
    return linear(x, this.weight, this.bias);
  }

  override toString(): string {
    return `Linear(in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}

/** Throws unless n is a positive integer (layer sizes). */
export function checkSize(module: string, what: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${module}: ${what} must be a positive integer, got ${n}`);
}
