// SGD against torch.optim.SGD's documented algorithm, written out below.
import { describe, expect, test } from "vitest";
import { param, tensor } from "../../../src/engine/creation";
import { SGD } from "../../../src/engine/optim/sgd";
import { THETA0, loss, maxDiff, runEngine, runReference } from "./problem";

interface SgdRef {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * torch.optim.SGD (PyTorch docs): g ← g + λθ; if μ ≠ 0: b ← g at t = 1, else μb + (1 − τ)g;
 * g ← g + μb (nesterov) or b; θ ← θ − γg.
 */
function sgdReference({ lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 }: SgdRef, steps: number): number[][] {
  const b = THETA0.map(() => 0);
  return runReference(steps, (theta, g, t) => {
    theta.forEach((th, i) => {
      let d = g[i] + weightDecay * th;
      if (momentum !== 0) {
        b[i] = t === 1 ? d : momentum * b[i] + (1 - dampening) * d;
        d = nesterov ? d + momentum * b[i] : b[i];
      }
      theta[i] = th - lr * d;
    });
  });
}

const fresh = () => param(tensor(THETA0, [2, 3]));

describe("SGD", () => {
  test("one plain step: θ − lr·g, in place (same Tensor, same Float64Array)", () => {
    const p = fresh();
    const data = p.data;
    const opt = new SGD([p], { lr: 0.1 });
    const [after] = runEngine(opt, p, 1);
    expect(p.data).toBe(data);
    expect(maxDiff([after], sgdReference({ lr: 0.1 }, 1))).toBeLessThan(1e-15);
  });

  test.each([
    { lr: 0.05, momentum: 0.9 },
    { lr: 0.05, momentum: 0.9, dampening: 0.3 },
    { lr: 0.05, momentum: 0.8, nesterov: true },
    { lr: 0.1, weightDecay: 0.01 },
    { lr: 0.02, momentum: 0.5, dampening: 0.1, weightDecay: 0.1 },
    { lr: 0.02, momentum: 0.7, nesterov: true, weightDecay: 0.05 },
  ])("several steps follow the update rule: %o", (opts) => {
    const p = fresh();
    expect(maxDiff(runEngine(new SGD([p], opts), p, 7), sgdReference(opts, 7))).toBeLessThan(1e-13);
  });

  test("nesterov and plain momentum take different paths", () => {
    const a = fresh();
    const b = fresh();
    const pa = runEngine(new SGD([a], { lr: 0.05, momentum: 0.9 }), a, 3);
    const pb = runEngine(new SGD([b], { lr: 0.05, momentum: 0.9, nesterov: true }), b, 3);
    // Nesterov looks ahead (g + μb) from the first step on.
    expect(maxDiff([pa[0]], [pb[0]])).toBeGreaterThan(1e-2);
    expect(maxDiff([pa[2]], [pb[2]])).toBeGreaterThan(1e-2);
  });

  test("maximize ascends: the same step with the sign flipped", () => {
    const p = fresh();
    const [after] = runEngine(new SGD([p], { lr: 0.1, maximize: true }), p, 1);
    expect(maxDiff([after], sgdReference({ lr: -0.1 }, 1))).toBeLessThan(1e-15);
  });

  test("converges to the minimum of a quadratic", () => {
    const p = fresh();
    runEngine(new SGD([p], { lr: 0.1, momentum: 0.9 }), p, 300);
    expect(loss(p).item()).toBeLessThan(1e-12);
  });

  test("options are checked", () => {
    expect(() => new SGD([fresh()], { lr: -1 })).toThrow(/SGD: invalid learning rate -1/);
    expect(() => new SGD([fresh()], { lr: 0.1, momentum: -0.5 })).toThrow(/SGD: invalid momentum/);
    expect(() => new SGD([fresh()], { lr: 0.1, nesterov: true })).toThrow(/SGD: .*Nesterov momentum needs momentum > 0 and dampening 0/);
    expect(() => new SGD([fresh()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/Nesterov/);
  });
});
