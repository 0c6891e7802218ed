// Adam and AdamW against torch.optim's algorithms, written out below.
import { describe, expect, test } from "vitest";
import { param, tensor } from "../../../src/engine/creation";
import { Adam, AdamW } from "../../../src/engine/optim/adam";
import { THETA0, loss, maxDiff, runEngine, runReference } from "./problem";

interface AdamRef {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  decoupled?: boolean;
}

/**
 * torch.optim.Adam / AdamW: AdamW first θ ← θ(1 − γλ), Adam instead g ← g + λθ; then
 * m ← β1m + (1 − β1)g, v ← β2v + (1 − β2)g², θ ← θ − γ·m̂ / (√v̂ + ε) with m̂ = m/(1 − β1ᵗ),
 * v̂ = v/(1 − β2ᵗ). AMSGrad: as PyTorch's implementation (its docs differ), the running maximum is
 * taken of v before the bias correction.
 */
function adamReference({ lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, decoupled = false }: AdamRef, steps: number): number[][] {
  const [b1, b2] = betas;
  const m = THETA0.map(() => 0);
  const v = THETA0.map(() => 0);
  const vmax = THETA0.map(() => 0);
  return runReference(steps, (theta, g, t) => {
    theta.forEach((th0, i) => {
      let th = th0;
      let gi = g[i];
      if (decoupled) th = th * (1 - lr * weightDecay);
      else gi = gi + weightDecay * th;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      vmax[i] = Math.max(vmax[i], v[i]);
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = (amsgrad ? vmax[i] : v[i]) / (1 - b2 ** t);
      theta[i] = th - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
  });
}

const fresh = () => param(tensor(THETA0, [2, 3]));

describe("Adam", () => {
  test("the first step moves each coordinate by about lr (m̂/√v̂ = ±1)", () => {
    const p = fresh();
    const [after] = runEngine(new Adam([p], { lr: 0.01 }), p, 1);
    after.forEach((v, i) => expect(Math.abs(Math.abs(v - THETA0[i]) - 0.01)).toBeLessThan(1e-8));
    expect(maxDiff([after], adamReference({ lr: 0.01 }, 1))).toBeLessThan(1e-14);
  });

  test.each<AdamRef>([
    { lr: 0.05 },
    { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6 },
    { lr: 0.05, weightDecay: 0.1 },
    { lr: 0.05, amsgrad: true },
    { lr: 0.02, betas: [0.5, 0.9], amsgrad: true, weightDecay: 0.05 },
  ])("several steps follow the update rule: %o", (opts) => {
    const p = fresh();
    expect(maxDiff(runEngine(new Adam([p], opts), p, 12), adamReference(opts, 12))).toBeLessThan(1e-13);
  });

  test("AMSGrad changes the path once the second moment shrinks", () => {
    const a = fresh();
    const b = fresh();
    const pa = runEngine(new Adam([a], { lr: 0.1, betas: [0.9, 0.9] }), a, 30);
    const pb = runEngine(new Adam([b], { lr: 0.1, betas: [0.9, 0.9], amsgrad: true }), b, 30);
    expect(maxDiff([pa[29]], [pb[29]])).toBeGreaterThan(1e-4);
  });

  test("converges to the minimum of a quadratic", () => {
    const p = fresh();
    runEngine(new Adam([p], { lr: 0.05 }), p, 1000);
    expect(loss(p).item()).toBeLessThan(1e-8);
  });

  test("options are checked", () => {
    expect(() => new Adam([fresh()], { lr: -0.1 })).toThrow(/Adam: invalid learning rate/);
    expect(() => new Adam([fresh()], { betas: [1, 0.999] })).toThrow(/Adam: invalid beta1 1/);
    expect(() => new Adam([fresh()], { betas: [0.9, -0.1] })).toThrow(/Adam: invalid beta2/);
    expect(() => new Adam([fresh()], { eps: -1 })).toThrow(/Adam: invalid eps/);
    expect(() => new AdamW([fresh()], { weightDecay: -1 })).toThrow(/AdamW: invalid weightDecay/);
  });
});

describe("AdamW", () => {
  test("decoupled weight decay (default 1e-2) follows the update rule", () => {
    const p = fresh();
    const opt = new AdamW([p], { lr: 0.05 });
    expect(opt.paramGroups[0].weightDecay).toBe(1e-2);
    expect(maxDiff(runEngine(opt, p, 12), adamReference({ lr: 0.05, weightDecay: 1e-2, decoupled: true }, 12))).toBeLessThan(1e-13);
  });

  test("differs from Adam's L2 weight decay, and equals Adam without decay", () => {
    const [a, b, c, d] = [fresh(), fresh(), fresh(), fresh()];
    const adam = runEngine(new Adam([a], { lr: 0.05, weightDecay: 0.5 }), a, 5);
    const adamw = runEngine(new AdamW([b], { lr: 0.05, weightDecay: 0.5 }), b, 5);
    expect(maxDiff([adam[4]], [adamw[4]])).toBeGreaterThan(1e-3);
    const plain = runEngine(new Adam([c], { lr: 0.05 }), c, 5);
    const w0 = runEngine(new AdamW([d], { lr: 0.05, weightDecay: 0 }), d, 5);
    expect(w0).toEqual(plain);
  });

  test("AMSGrad variant follows the update rule", () => {
    const p = fresh();
    const opts = { lr: 0.05, weightDecay: 0.1, amsgrad: true };
    expect(maxDiff(runEngine(new AdamW([p], opts), p, 12), adamReference({ ...opts, decoupled: true }, 12))).toBeLessThan(1e-13);
  });
});
