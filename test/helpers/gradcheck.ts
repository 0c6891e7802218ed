// Central finite differences in float64, for tests: compares the engine's analytic gradients with
// (L(θ+ε) − L(θ−ε)) / 2ε element by element.
import { Tensor } from "../../src/engine/tensor";
import { noGrad } from "../../src/engine/autograd";

/** Result of a check: the worst element's errors. */
export interface GradCheckResult {
  ok: boolean;
  worst: { input: number; index: number; analytic: number; numeric: number; absErr: number };
  report: string;
}

/**
 * Checks dL/d(input) for every input that requires grad. `loss` must rebuild its output from the
 * inputs each call and return a scalar tensor.
 */
export function gradcheck(loss: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], { eps = 1e-6, atol = 1e-6, rtol = 1e-5 } = {}): GradCheckResult {
  for (const x of inputs) x.grad = null;
  const out = loss(...inputs);
  out.backward();
  const worst = { input: -1, index: -1, analytic: 0, numeric: 0, absErr: 0, excess: -Infinity };
  const failures: string[] = [];
  inputs.forEach((x, k) => {
    if (!x.requiresGrad) return;
    const analytic = x.grad?.data ?? new Float64Array(x.numel);
    for (let i = 0; i < x.numel; i++) {
      const orig = x.data[i];
      x.data[i] = orig + eps;
      const up = noGrad(() => loss(...inputs).item());
      x.data[i] = orig - eps;
      const down = noGrad(() => loss(...inputs).item());
      x.data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const absErr = Math.abs(analytic[i] - numeric);
      const excess = absErr - (atol + rtol * Math.abs(numeric));
      if (excess > worst.excess) Object.assign(worst, { input: k, index: i, analytic: analytic[i], numeric, absErr, excess });
      if (excess > 0 && failures.length < 5) failures.push(`input ${k}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`);
    }
  });
  return { ok: failures.length === 0, worst, report: failures.join("\n") };
}

/** A fixed pseudo-random probe so that dL/dy is not all ones: L = sum(y · probe). */
export function probeFor(shape: readonly number[], salt = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(1.7 * (i + 1) * salt + 0.3) + 0.1;
  return new Tensor(data, [...shape]);
}
