// Multi-step, multi-layer recurrent layers: RNN, LSTM, GRU. Parameters carry PyTorch's names
// (weight_ih_l0, bias_hh_l1_reverse, …) so namedParameters() matches its state-dict paths.
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { concat, stack } from "../shapeFns";
import { dropout, gruCell, lstmCell, rnnCell } from "./layerFunctional";
import { checkSize } from "./linear";
import { Module } from "./module";
import { newParameter } from "./parameter";
import { resetRecurrent } from "./recurrentCell";
import { zeros } from "../creation";

/** Options of RNN, LSTM and GRU (torch defaults; batchFirst false means input [T, N, features]). */
export interface RecurrentOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output are [N, T, features] instead of [T, N, features]. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in train mode. */
  dropout?: number;
  /** Also run each layer backwards in time; outputs are concatenated (2·H features). */
  bidirectional?: boolean;
}

type Mode = "tanh" | "relu" | "lstm" | "gru";
const GATES: Record<Mode, number> = { tanh: 1, relu: 1, lstm: 4, gru: 3 };

/** One layer-direction's weights, in PyTorch's order. */
type Weights = [Tensor, Tensor, Tensor | null, Tensor | null];

/** Shared body: runs the cell over time, layer by layer, direction by direction. The state is [h] or [h, c]. */
abstract class RecurrentBase extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(
    private readonly mode: Mode,
    readonly inputSize: number,
    readonly hiddenSize: number,
    { numLayers = 1, bias = true, batchFirst = false, dropout: p = 0, bidirectional = false }: RecurrentOptions,
  ) {
    super();
    checkSize(new.target.name, "input_size", inputSize);
    checkSize(new.target.name, "hidden_size", hiddenSize);
    checkSize(new.target.name, "num_layers", numLayers);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${new.target.name}: dropout must be between 0 and 1, got ${p}`);
    this.numLayers = numLayers;
    this.batchFirst = batchFirst;
    this.dropout = p;
    this.bidirectional = bidirectional;
    const G = GATES[mode] * hiddenSize;
    const dirs = bidirectional ? 2 : 1;
    const fields = this as unknown as Record<string, Tensor | null>;
    for (let l = 0; l < numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = suffix(l, d);
        fields[`weight_ih${sfx}`] = newParameter([G, l === 0 ? inputSize : hiddenSize * dirs]);
        fields[`weight_hh${sfx}`] = newParameter([G, hiddenSize]);
        fields[`bias_ih${sfx}`] = bias ? newParameter([G]) : null;
        fields[`bias_hh${sfx}`] = bias ? newParameter([G]) : null;
        resetRecurrent(hiddenSize, this.weights(l, d));
      }
    }
  }

  /** The weights of layer l, direction d (1 = reverse): [weight_ih, weight_hh, bias_ih, bias_hh]. */
  weights(layer: number, direction = 0): Weights {
    const f = this as unknown as Record<string, Tensor | null>;
    const s = suffix(layer, direction);
    return [f[`weight_ih${s}`]!, f[`weight_hh${s}`]!, f[`bias_ih${s}`], f[`bias_hh${s}`]];
  }

  private step(x: Tensor, state: Tensor[], [wIh, wHh, bIh, bHh]: Weights): Tensor[] {
    switch (this.mode) {
      case "lstm":
        return lstmCell(x, [state[0], state[1]], wIh, wHh, bIh, bHh);
      case "gru":
        return [gruCell(x, state[0], wIh, wHh, bIh, bHh)];
      default:
        return [rnnCell(x, state[0], wIh, wHh, bIh, bHh, this.mode)];
    }
  }

  private describe(): string {
    return `${this.kind}(${this.inputSize}, ${this.hiddenSize}, num_layers=${this.numLayers})`;
  }

  /** Runs the sequence; `initial` holds [h0] or [h0, c0] of shape [layers·dirs, N, H] (or [layers·dirs, H] unbatched). */
  protected run(x: Tensor, initial: readonly Tensor[] | null): [Tensor, Tensor[]] {
    const batched = x.ndim === 3;
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[x.ndim - 1] !== this.inputSize) {
      const layout = this.batchFirst ? "[N, T, input_size]" : "[T, N, input_size]";
      throw new ShapeError(this.describe(), `expected input ${layout} (or [T, input_size] unbatched) with input_size ${this.inputSize}, got shape ${fmt(x.shape)}`);
    }
    // Work time-major with a batch dim: [T, N, I].
    let seq = !batched ? x.unsqueeze(1) : this.batchFirst ? x.transpose(0, 1) : x;
    const [T, N] = seq.shape;
    if (T === 0) throw new ShapeError(this.describe(), `the input of shape ${fmt(x.shape)} has no time steps`);
    const dirs = this.bidirectional ? 2 : 1;
    const stateShape = [this.numLayers * dirs, N, this.hiddenSize];
    const init = (initial ?? []).map((h) => {
      const h3 = batched ? h : h.unsqueeze(1);
      if (h3.ndim !== 3 || h3.shape.some((s, i) => s !== stateShape[i])) {
        const want = batched ? fmt(stateShape) : fmt([stateShape[0], this.hiddenSize]);
        throw new ShapeError(this.describe(), `initial state has shape ${fmt(h.shape)}, expected ${want}`);
      }
      return h3;
    });
    const nState = this.mode === "lstm" ? 2 : 1;
    const finals: Tensor[][] = Array.from({ length: nState }, () => []);
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const w = this.weights(l, d);
        let state = Array.from({ length: nState }, (_, k) => (init[k] ? init[k].select(0, l * dirs + d) : zeros([N, this.hiddenSize])));
        const hs: Tensor[] = new Array<Tensor>(T);
        for (let k = 0; k < T; k++) {
          const t = d === 0 ? k : T - 1 - k;
          state = this.step(seq.select(0, t), state, w);
          hs[t] = state[0];
        }
        outs.push(stack(hs, 0));
        state.forEach((s, k) => finals[k].push(s));
      }
      seq = concat(outs, -1);
      if (l < this.numLayers - 1 && this.dropout > 0) seq = dropout(seq, this.dropout, this.training);
    }
    const output = !batched ? seq.squeeze(1) : this.batchFirst ? seq.transpose(0, 1) : seq;
    const last = finals.map((f) => (batched ? stack(f, 0) : stack(f, 0).squeeze(1)));
    return [output, last];
  }
}

function suffix(layer: number, direction: number): string {
  return `_l${layer}${direction === 1 ? "_reverse" : ""}`;
}

/** Options of RNN. */
export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: "tanh" | "relu";
}

/** Multi-layer Elman RNN. forward returns [output (every step's top-layer h), h_n]. */
export class RNN extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(opts.nonlinearity ?? "tanh", inputSize, hiddenSize, opts);
  }

  /** x [T, N, I] (or [N, T, I] with batchFirst, or [T, I]); h0 [layers·dirs, N, H], zeros by default. */
  forward(x: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [out, [hn]] = this.run(x, h0 ? [h0] : null);
    return [out, hn];
  }
}

/** Multi-layer LSTM (gates i, f, g, o). forward returns [output, [h_n, c_n]]. */
export class LSTM extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super("lstm", inputSize, hiddenSize, opts);
  }

  /** x [T, N, I] (or [N, T, I] with batchFirst, or [T, I]); state [h0, c0], each [layers·dirs, N, H], zeros by default. */
  forward(x: Tensor, state?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [out, [hn, cn]] = this.run(x, state ? [...state] : null);
    return [out, [hn, cn]];
  }
}

/** Multi-layer GRU (chunks r, z, n). forward returns [output, h_n]. */
export class GRU extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super("gru", inputSize, hiddenSize, opts);
  }

  /** x [T, N, I] (or [N, T, I] with batchFirst, or [T, I]); h0 [layers·dirs, N, H], zeros by default. */
  forward(x: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [out, [hn]] = this.run(x, h0 ? [h0] : null);
    return [out, hn];
  }
}
