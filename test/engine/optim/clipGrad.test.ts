// clipGradNorm against torch.nn.utils.clip_grad_norm_'s definition: the total norm is the norm of
// the per-tensor norms; grads are scaled by min(1, maxNorm / (total + 1e-6)).
import { describe, expect, test } from "vitest";
import { param, tensor } from "../../../src/engine/creation";
import { clipGradNorm } from "../../../src/engine/optim/clipGrad";
import type { Tensor } from "../../../src/engine/tensor";

function withGrads(...grads: number[][]): Tensor[] {
  return grads.map((g) => {
    const p = param(g.map(() => 0));
    p.grad = tensor(g);
    return p;
  });
}

const grads = (ps: Tensor[]): number[][] => ps.map((p) => Array.from(p.grad!.data));

describe("clipGradNorm", () => {
  test("returns the total 2-norm before clipping and scales every gradient by maxNorm / (total + 1e-6)", () => {
    const ps = withGrads([3, 4], [12]);
    const total = clipGradNorm(ps, 1);
    expect(total).toBe(13);
    const coef = 1 / (13 + 1e-6);
    expect(grads(ps)).toEqual([[3 * coef, 4 * coef], [12 * coef]]);
    const after = Math.hypot(...grads(ps).flat());
    expect(Math.abs(after - 1)).toBeLessThan(1e-6);
  });

  test("leaves gradients below maxNorm unchanged", () => {
    const ps = withGrads([0.3, 0.4]);
    expect(clipGradNorm(ps, 1)).toBeCloseTo(0.5, 15);
    expect(grads(ps)).toEqual([[0.3, 0.4]]);
  });

  test("other norms: p = 1 and p = Infinity (largest |g|)", () => {
    const a = withGrads([1, -2], [-3]);
    expect(clipGradNorm(a, 100, 1)).toBe(6);
    const b = withGrads([1, -7], [3]);
    expect(clipGradNorm(b, 3.5, Infinity)).toBe(7);
    expect(Math.max(...grads(b).flat().map(Math.abs))).toBeCloseTo(3.5, 5);
    const c = withGrads([1, 2], [2]);
    expect(clipGradNorm(c, 100, 3)).toBeCloseTo((1 + 8 + 8) ** (1 / 3), 14);
  });

  test("accepts one tensor, skips parameters without gradients, returns 0 when none has one", () => {
    const [p] = withGrads([6, 8]);
    expect(clipGradNorm(p, 5)).toBe(10);
    const none = param([1, 2]);
    expect(clipGradNorm([none], 1)).toBe(0);
    expect(clipGradNorm([none, p], 100)).toBeCloseTo(5, 5);
  });

  test("non-finite norms: NaN propagates, or throws with errorIfNonfinite", () => {
    const ps = withGrads([Infinity, 1]);
    expect(() => clipGradNorm(ps, 1, 2, { errorIfNonfinite: true })).toThrow(/clipGradNorm: the total norm of order 2 of the gradients is Infinity/);
    expect(clipGradNorm(ps, 1)).toBe(Infinity);
    expect(() => clipGradNorm(ps, 1, -1)).toThrow(/normType/);
  });
});
