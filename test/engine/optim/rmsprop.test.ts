// RMSprop against torch.optim.RMSprop's documented algorithm, written out below.
import { describe, expect, test } from "vitest";
import { param, tensor } from "../../../src/engine/creation";
import { RMSprop } from "../../../src/engine/optim/rmsprop";
import { THETA0, loss, maxDiff, runEngine, runReference } from "./problem";

interface RmsRef {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

/**
 * torch.optim.RMSprop (PyTorch docs): g ← g + λθ; v ← αv + (1 − α)g²; ṽ = v, centered: ḡ ← αḡ + (1 − α)g
 * and ṽ = v − ḡ²; with μ > 0: b ← μb + g/(√ṽ + ε), θ ← θ − γb; else θ ← θ − γ·g/(√ṽ + ε).
 */
function rmspropReference({ lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false }: RmsRef, steps: number): number[][] {
  const v = THETA0.map(() => 0);
  const gAvg = THETA0.map(() => 0);
  const b = THETA0.map(() => 0);
  return runReference(steps, (theta, g, _t) => {
    theta.forEach((th, i) => {
      const gi = g[i] + weightDecay * th;
      v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
      let vt = v[i];
      if (centered) {
        gAvg[i] = alpha * gAvg[i] + (1 - alpha) * gi;
        vt = vt - gAvg[i] * gAvg[i];
      }
      const denom = Math.sqrt(vt) + eps;
      if (momentum > 0) {
        b[i] = momentum * b[i] + gi / denom;
        theta[i] = th - lr * b[i];
      } else {
        theta[i] = th - (lr * gi) / denom;
      }
    });
  });
}

const fresh = () => param(tensor(THETA0, [2, 3]));

describe("RMSprop", () => {
  test("defaults are PyTorch's: lr 1e-2, alpha 0.99, eps 1e-8", () => {
    const p = fresh();
    const opt = new RMSprop([p]);
    expect(opt.paramGroups[0]).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false });
    expect(maxDiff(runEngine(opt, p, 5), rmspropReference({}, 5))).toBeLessThan(1e-13);
  });

  test.each<RmsRef>([
    { lr: 0.01, alpha: 0.9 },
    { lr: 0.01, momentum: 0.9 },
    { lr: 0.01, centered: true },
    { lr: 0.005, centered: true, momentum: 0.5, weightDecay: 0.1 },
    { lr: 0.01, weightDecay: 0.2, eps: 1e-4 },
  ])("several steps follow the update rule: %o", (opts) => {
    const p = fresh();
    expect(maxDiff(runEngine(new RMSprop([p], opts), p, 12), rmspropReference(opts, 12))).toBeLessThan(1e-13);
  });

  test("converges to the minimum of a quadratic", () => {
    const p = fresh();
    runEngine(new RMSprop([p], { lr: 0.01, momentum: 0.5 }), p, 1500);
    expect(loss(p).item()).toBeLessThan(1e-6);
  });

  test("options are checked", () => {
    expect(() => new RMSprop([fresh()], { lr: -1 })).toThrow(/RMSprop: invalid learning rate/);
    expect(() => new RMSprop([fresh()], { alpha: -0.1 })).toThrow(/RMSprop: invalid alpha/);
    expect(() => new RMSprop([fresh()], { momentum: -0.1 })).toThrow(/RMSprop: invalid momentum/);
  });
});
