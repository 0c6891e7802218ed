// Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, as torch.optim.SGD.
import type { Tensor } from "../tensor";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer";

/** Options of SGD (torch.optim.SGD's, camelCased). */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.x). */
  lr: number;
  /** Momentum factor; 0 (default) is plain gradient descent. */
  momentum?: number;
  /** Dampening of the momentum: the new gradient enters the buffer scaled by (1 − dampening). */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient: g + weightDecay·p. */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing it. */
  maximize?: boolean;
}

/** Per-parameter state of SGD. */
export interface SGDState {
  momentumBuffer: Float64Array;
}

/**
 * SGD as torch.optim.SGD: d = g + λp; with momentum, b = μb + (1 − τ)d (b = d on the first step)
 * and d = nesterov ? d + μb : b; then p = p − lr·d.
 */
export class SGD extends Optimizer<Required<SGDOptions>, SGDState> {
  constructor(params: ParamsArg<Required<SGDOptions>>, options: SGDOptions) {
    super("SGD", params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, ...options });
  }

  protected validate(g: ParamGroup<Required<SGDOptions>>): void {
    this.check(Number.isFinite(g.lr) && g.lr >= 0, "learning rate", g.lr, "must be ≥ 0");
    this.check(g.momentum >= 0, "momentum", g.momentum, "must be ≥ 0");
    this.check(g.weightDecay >= 0, "weightDecay", g.weightDecay, "must be ≥ 0");
    this.check(!g.nesterov || (g.momentum > 0 && g.dampening === 0), "nesterov", g.nesterov, "Nesterov momentum needs momentum > 0 and dampening 0");
  }

  protected update(p: Tensor, grad: Float64Array, g: ParamGroup<Required<SGDOptions>>): void {
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = g;
    const x = p.data;
    let st = this.state.get(p);
    const first = st === undefined;
    if (momentum !== 0 && st === undefined) {
      st = { momentumBuffer: new Float64Array(x.length) };
      this.state.set(p, st);
    }
    const buf = momentum !== 0 ? st?.momentumBuffer : undefined;
    for (let i = 0; i < x.length; i++) {
      let d = maximize ? -grad[i] : grad[i];
      if (weightDecay !== 0) d = d + weightDecay * x[i];
      if (buf !== undefined) {
        buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
        d = nesterov ? d + momentum * buf[i] : buf[i];
      }
      x[i] = x[i] + -lr * d;
    }
  }
}
