// Recurrent cells (one time step): RNNCell, LSTMCell, GRUCell, with PyTorch's parameter names and
// gate order, initialised U(−1/√H, 1/√H) as PyTorch.
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { zeros } from "../creation";
import { uniform } from "./init";
import { gruCell, lstmCell, rnnCell } from "./layerFunctional";
import { checkSize } from "./linear";
import { Module } from "./module";
import { newParameter } from "./parameter";

/** Options of the recurrent cells. */
export interface CellOptions {
  /** Learn the biases b_ih and b_hh (default true). */
  bias?: boolean;
}

/** Fills every tensor with U(−1/√H, 1/√H), in order (PyTorch's reset_parameters for RNNs). */
export function resetRecurrent(hiddenSize: number, tensors: readonly (Tensor | null)[]): void {
  const bound = 1 / Math.sqrt(hiddenSize);
  for (const t of tensors) if (t !== null) uniform(t, -bound, bound);
}

/** A zero state matching the batch of x: [N, H] for x [N, I], [H] for an unbatched x [I]. */
export function zeroState(x: Tensor, hiddenSize: number, batchDims: number): Tensor {
  return zeros([...x.shape.slice(0, batchDims), hiddenSize]);
}

/** Shared body of the cells: weights [gates·H, I] and [gates·H, H], biases [gates·H]. */
abstract class CellBase extends Module {
  // snake_case on purpose: PyTorch's parameter names, so namedParameters() matches its state-dict paths.
  weight_ih: Tensor;
  weight_hh: Tensor;
  bias_ih: Tensor | null;
  bias_hh: Tensor | null;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    gates: number,
    bias: boolean,
  ) {
    super();
    checkSize(new.target.name, "input_size", inputSize);
    checkSize(new.target.name, "hidden_size", hiddenSize);
    this.weight_ih = newParameter([gates * hiddenSize, inputSize]);
    this.weight_hh = newParameter([gates * hiddenSize, hiddenSize]);
    this.bias_ih = bias ? newParameter([gates * hiddenSize]) : null;
    this.bias_hh = bias ? newParameter([gates * hiddenSize]) : null;
    resetRecurrent(hiddenSize, [this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]);
  }

  /** Checks x is [N, input_size] or [input_size]; returns its number of batch dims. */
  protected checkInput(x: Tensor): number {
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(
        `${this.kind}(${this.inputSize}, ${this.hiddenSize})`,
        `expected input [N, ${this.inputSize}] or [${this.inputSize}], got shape ${fmt(x.shape)}`,
      );
    }
    return x.ndim - 1;
  }
}

/** Options of RNNCell. */
export interface RNNCellOptions extends CellOptions {
  nonlinearity?: "tanh" | "relu";
}

/** Elman RNN cell: h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). */
export class RNNCell extends CellBase {
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, { bias = true, nonlinearity = "tanh" }: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 1, bias);
    this.nonlinearity = nonlinearity;
  }

  /** One step; h defaults to zeros. */
  forward(x: Tensor, h?: Tensor | null): Tensor {
    const batchDims = this.checkInput(x);
    return rnnCell(x, h ?? zeroState(x, this.hiddenSize, batchDims), this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, this.nonlinearity);
  }
}

/** LSTM cell (gates i, f, g, o); forward returns [h', c']. */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, { bias = true }: CellOptions = {}) {
    super(inputSize, hiddenSize, 4, bias);
  }

  /** One step; the state [h, c] defaults to zeros. */
  forward(x: Tensor, state?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    const batchDims = this.checkInput(x);
    const hc = state ?? [zeroState(x, this.hiddenSize, batchDims), zeroState(x, this.hiddenSize, batchDims)];
    return lstmCell(x, hc, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
  }
}

/** GRU cell (chunks r, z, n; r multiplies W_hn·h + b_hn). */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, { bias = true }: CellOptions = {}) {
    super(inputSize, hiddenSize, 3, bias);
  }

  /** One step; h defaults to zeros. */
  forward(x: Tensor, h?: Tensor | null): Tensor {
    const batchDims = this.checkInput(x);
    return gruCell(x, h ?? zeroState(x, this.hiddenSize, batchDims), this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
  }
}
