// Adam and AdamW, as torch.optim.Adam / torch.optim.AdamW (PyTorch 1.13's single-tensor algorithm).
import type { Tensor } from "../tensor";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer";

/** Options of Adam and AdamW (torch's, camelCased). */
export interface AdamOptions {
  /** Learning rate; 1e-3 by default. */
  lr?: number;
  /** Decay rates of the first and second moment estimates; [0.9, 0.999] by default. */
  betas?: readonly [number, number];
  /** Added to the denominator for numerical stability; 1e-8 by default. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay p ← p·(1 − lr·λ) (default 1e-2). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad). */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing it. */
  maximize?: boolean;
}

/** Per-parameter state of Adam and AdamW. */
export interface AdamState {
  step: number;
  expAvg: Float64Array;
  expAvgSq: Float64Array;
  /** Running maximum of expAvgSq (AMSGrad only). */
  maxExpAvgSq: Float64Array | null;
}

type Opts = Required<AdamOptions>;

const ADAM_DEFAULTS = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8, amsgrad: false, maximize: false };

// Adam and AdamW differ only in how weight decay enters; the algorithm lives here once.
abstract class AdamFamily extends Optimizer<Opts, AdamState> {
  /** True for AdamW: weight decay acts on the parameter, not through the gradient. */
  protected abstract readonly decoupled: boolean;

  protected validate(g: ParamGroup<Opts>): void {
    this.check(Number.isFinite(g.lr) && g.lr >= 0, "learning rate", g.lr, "must be ≥ 0");
    this.check(g.eps >= 0, "eps", g.eps, "must be ≥ 0");
    this.check(g.betas.length === 2 && g.betas[0] >= 0 && g.betas[0] < 1, "beta1", g.betas[0], "must be in [0, 1)");
    this.check(g.betas[1] >= 0 && g.betas[1] < 1, "beta2", g.betas[1], "must be in [0, 1)");
    this.check(g.weightDecay >= 0, "weightDecay", g.weightDecay, "must be ≥ 0");
  }

  protected update(p: Tensor, grad: Float64Array, g: ParamGroup<Opts>): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = g;
    const [beta1, beta2] = g.betas;
    const x = p.data;
    let st = this.state.get(p);
    if (st === undefined) {
      st = { step: 0, expAvg: new Float64Array(x.length), expAvgSq: new Float64Array(x.length), maxExpAvgSq: null };
      this.state.set(p, st);
    }
    if (amsgrad && st.maxExpAvgSq === null) st.maxExpAvgSq = new Float64Array(x.length);
    st.step += 1;
    const biasCorrection1 = 1 - beta1 ** st.step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** st.step);
    const stepSize = lr / biasCorrection1;
    const { expAvg: m, expAvgSq: v, maxExpAvgSq: vmax } = st;
    const decay = 1 - lr * weightDecay;
    for (let i = 0; i < x.length; i++) {
      let gi = maximize ? -grad[i] : grad[i];
      if (this.decoupled) x[i] = x[i] * decay;
      else if (weightDecay !== 0) gi = gi + weightDecay * x[i];
      m[i] = m[i] * beta1 + (1 - beta1) * gi;
      v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
      let second = v[i];
      if (amsgrad && vmax !== null) {
        vmax[i] = Math.max(vmax[i], v[i]);
        second = vmax[i];
      }
      const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      x[i] = x[i] + (-stepSize * m[i]) / denom;
    }
  }
}

/**
 * Adam as torch.optim.Adam: g += λp; m = β1·m + (1 − β1)g; v = β2·v + (1 − β2)g²;
 * p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
 */
export class Adam extends AdamFamily {
  protected readonly decoupled = false;

  constructor(params: ParamsArg<Opts>, options: AdamOptions = {}) {
    super("Adam", params, { ...ADAM_DEFAULTS, weightDecay: 0, ...options });
  }
}

/** AdamW as torch.optim.AdamW: first p ← p·(1 − lr·λ) (decoupled decay, λ = 1e-2 by default), then Adam without λ. */
export class AdamW extends AdamFamily {
  protected readonly decoupled = true;

  constructor(params: ParamsArg<Opts>, options: AdamOptions = {}) {
    super("AdamW", params, { ...ADAM_DEFAULTS, weightDecay: 1e-2, ...options });
  }
}
