// A small quadratic problem for optimizer tests: L(θ) = ½·Σ a·(θ − c)², so ∇L = a·(θ − c) is known
// in closed form and the reference update rules in the tests can be run with plain numbers.
import { tensor } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";
import type { Optimizer } from "../../../src/engine/optim/optimizer";

/** The problem's constants; the minimum is at θ = c. */
export const A = [1, 3, 0.5, 2, 0.25, 4];
export const C = [0.5, -1, 2, 0.25, -0.75, 1.5];
/** The starting point of every run. */
export const THETA0 = [1.5, 0.5, -1, 2, 1, -0.5];

/** The loss as engine ops (so backward() computes the gradient the optimizer sees). */
export function loss(p: Tensor): Tensor {
  return p.sub(tensor(C, [2, 3])).pow(2).mul(tensor(A, [2, 3])).sum().mul(0.5);
}

/** ∇L at θ, in closed form. */
export function grad(theta: readonly number[]): number[] {
  return theta.map((v, i) => A[i] * (v - C[i]));
}

/** Runs `steps` engine steps (zeroGrad, backward, step) and returns θ after each. */
export function runEngine(opt: Optimizer, p: Tensor, steps: number): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    loss(p).backward();
    opt.step();
    out.push(Array.from(p.data));
  }
  return out;
}

/** Runs a reference update rule `steps` times from THETA0; update(θ, g, t) edits θ (t counts from 1). */
export function runReference(steps: number, update: (theta: number[], g: number[], t: number) => void): number[][] {
  const theta = [...THETA0];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    update(theta, grad(theta), t);
    out.push([...theta]);
  }
  return out;
}

/** Largest |a − b| / max(|b|, 1) over two trajectories. */
export function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, s) => row.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[s][i]) / Math.max(Math.abs(b[s][i]), 1)))));
  return m;
}
