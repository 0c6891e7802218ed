// RMSprop, as torch.optim.RMSprop (PyTorch 1.13's single-tensor algorithm).
import type { Tensor } from "../tensor";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer";

/** Options of RMSprop (torch's, camelCased). */
export interface RMSpropOptions {
  /** Learning rate; 1e-2 by default. */
  lr?: number;
  /** Smoothing constant of the running average of g²; 0.99 by default. */
  alpha?: number;
  /** Added to the denominator for numerical stability; 1e-8 by default. */
  eps?: number;
  /** L2 penalty added to the gradient: g + weightDecay·p. */
  weightDecay?: number;
  /** Momentum factor (0 by default). */
  momentum?: number;
  /** Normalise by an estimate of the gradient's variance (subtracts the squared running mean of g). */
  centered?: boolean;
  /** Maximize the objective instead of minimizing it. */
  maximize?: boolean;
}

/** Per-parameter state of RMSprop. */
export interface RMSpropState {
  step: number;
  squareAvg: Float64Array;
  /** Running mean of g (centered only). */
  gradAvg: Float64Array | null;
  /** Momentum buffer (momentum > 0 only). */
  momentumBuffer: Float64Array | null;
}

type Opts = Required<RMSpropOptions>;

/**
 * RMSprop as torch.optim.RMSprop: g += λp; v = αv + (1 − α)g²; a = √v (centered: √(v − ḡ²)) + ε;
 * then p −= lr·g/a, or with momentum b = μb + g/a and p −= lr·b.
 */
export class RMSprop extends Optimizer<Opts, RMSpropState> {
  constructor(params: ParamsArg<Opts>, options: RMSpropOptions = {}) {
    super("RMSprop", params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }

  protected validate(g: ParamGroup<Opts>): void {
    this.check(Number.isFinite(g.lr) && g.lr >= 0, "learning rate", g.lr, "must be ≥ 0");
    this.check(g.eps >= 0, "eps", g.eps, "must be ≥ 0");
    this.check(g.momentum >= 0, "momentum", g.momentum, "must be ≥ 0");
    this.check(g.weightDecay >= 0, "weightDecay", g.weightDecay, "must be ≥ 0");
    this.check(g.alpha >= 0, "alpha", g.alpha, "must be ≥ 0");
  }

  protected update(p: Tensor, grad: Float64Array, g: ParamGroup<Opts>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = g;
    const x = p.data;
    let st = this.state.get(p);
    if (st === undefined) {
      st = { step: 0, squareAvg: new Float64Array(x.length), gradAvg: null, momentumBuffer: null };
      this.state.set(p, st);
    }
    if (centered && st.gradAvg === null) st.gradAvg = new Float64Array(x.length);
    if (momentum > 0 && st.momentumBuffer === null) st.momentumBuffer = new Float64Array(x.length);
    st.step += 1;
    const { squareAvg: v, gradAvg: gAvg, momentumBuffer: buf } = st;
    for (let i = 0; i < x.length; i++) {
      let gi = maximize ? -grad[i] : grad[i];
      if (weightDecay !== 0) gi = gi + weightDecay * x[i];
      v[i] = v[i] * alpha + (1 - alpha) * gi * gi;
      let avg: number;
      if (centered && gAvg !== null) {
        gAvg[i] = gAvg[i] * alpha + (1 - alpha) * gi;
        avg = Math.sqrt(v[i] + -1 * gAvg[i] * gAvg[i]);
      } else {
        avg = Math.sqrt(v[i]);
      }
      avg = avg + eps;
      if (momentum > 0 && buf !== null) {
        buf[i] = buf[i] * momentum + gi / avg;
        x[i] = x[i] + -lr * buf[i];
      } else {
        x[i] = x[i] + (-lr * gi) / avg;
      }
    }
  }
}
