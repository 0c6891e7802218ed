// nn.Dropout: seeded masks from the engine's generator; identity in eval mode.
import type { Tensor } from "../tensor";
import { dropout } from "./layerFunctional";
import { Module } from "./module";

/** Zeroes each element with probability p during training and scales the rest by 1/(1−p); identity in eval mode. */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: probability has to be between 0 and 1, got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
}
