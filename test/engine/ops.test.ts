// Every row of the op table against central finite differences. The table below is keyed by op name
// and typed with `satisfies Record<OpName, GradCase>`: an op without a case does not compile.
import { describe, expect, test } from "vitest";
import { type OpName, apply } from "../../src/engine/ops";
import { Tensor } from "../../src/engine/tensor";
import { topoSort } from "../../src/engine/autograd";
import { tensor } from "../../src/engine/creation";
import * as F from "../../src/engine/functional";
import * as S from "../../src/engine/shapeFns";
import * as C from "../../src/engine/nn/convFunctional";
import * as L from "../../src/engine/nn/layerFunctional";
import { gradcheck, probeFor } from "../helpers/gradcheck";

/** One op's test: inputs (leaves; float ones require grad) and the call that exercises the op. */
interface GradCase {
  inputs: () => Tensor[];
  run: (...x: Tensor[]) => Tensor;
}

/** Deterministic values in [-2, 2] kept away from 0 by at least `gap` (no kinks, no ties). */
function vals(shape: number[], salt = 1, gap = 0.1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = 2 * Math.sin(1.3 * i * salt + 0.7 * salt + 0.2);
    data[i] = Math.abs(v) < gap ? v + (v >= 0 ? gap : -gap) : v;
  }
  return Tensor.leaf(data, shape, { requiresGrad: true });
}
const pos = (shape: number[], salt = 1): Tensor => {
  const t = vals(shape, salt);
  t.data.forEach((v, i) => (t.data[i] = Math.abs(v) + 0.5));
  return t;
};
const idx = (values: number[], shape = [values.length]): Tensor => tensor(values, shape, { dtype: "int64" });

export const cases = {
  add: { inputs: () => [vals([2, 3]), vals([3], 2)], run: (a, b) => a.add(b) },
  sub: { inputs: () => [vals([2, 1, 3]), vals([4, 1], 2)], run: (a, b) => a.sub(b) },
  mul: { inputs: () => [vals([2, 3]), vals([2, 1], 3)], run: (a, b) => a.mul(b) },
  div: { inputs: () => [vals([2, 3]), pos([3], 2)], run: (a, b) => a.div(b) },
  pow: { inputs: () => [pos([2, 3]), vals([3], 2)], run: (a, b) => a.pow(b) },
  maximum: { inputs: () => [vals([2, 3]), vals([3], 2)], run: (a, b) => a.maximum(b) },
  minimum: { inputs: () => [vals([2, 3]), vals([2, 1], 2)], run: (a, b) => a.minimum(b) },
  compare: { inputs: () => [vals([2, 3]), vals([3], 2)], run: (a, b) => a.mul(a.gt(b)) },
  where: { inputs: () => [vals([2, 3]), vals([3], 2)], run: (a, b) => F.where(a.gt(0), a, b) },
  neg: { inputs: () => [vals([2, 3])], run: (x) => x.neg() },
  exp: { inputs: () => [vals([2, 3])], run: (x) => x.exp() },
  log: { inputs: () => [pos([2, 3])], run: (x) => x.log() },
  sqrt: { inputs: () => [pos([2, 3])], run: (x) => x.sqrt() },
  abs: { inputs: () => [vals([2, 3])], run: (x) => x.abs() },
  tanh: { inputs: () => [vals([2, 3])], run: (x) => x.tanh() },
  sigmoid: { inputs: () => [vals([2, 3])], run: (x) => x.sigmoid() },
  relu: { inputs: () => [vals([2, 3])], run: (x) => x.relu() },
  leakyRelu: { inputs: () => [vals([2, 3])], run: (x) => F.leakyRelu(x, 0.2) },
  gelu: { inputs: () => [vals([2, 3])], run: (x) => F.gelu(x).add(F.gelu(x, "tanh").mul(0.5)) },
  softplus: { inputs: () => [vals([2, 3])], run: (x) => F.softplus(x).add(F.softplus(x, 2, 1.5)) },
  elu: { inputs: () => [vals([2, 3])], run: (x) => F.elu(x, 0.7) },
  clamp: { inputs: () => [vals([2, 3])], run: (x) => x.clamp(-1, 1.05) },
  powScalar: { inputs: () => [vals([2, 3])], run: (x) => x.pow(3).add(x.abs().pow(0.5)) },
  sum: { inputs: () => [vals([2, 3, 4])], run: (x) => x.sum([0, 2], true).add(x.sum(1).sum()) },
  max: { inputs: () => [vals([3, 4])], run: (x) => x.max(1).add(x.max()) },
  min: { inputs: () => [vals([3, 4])], run: (x) => x.min(0, true).sum().add(x.min()) },
  logsumexp: { inputs: () => [vals([3, 4])], run: (x) => x.logsumexp(-1) },
  softmax: { inputs: () => [vals([2, 3, 4])], run: (x) => x.softmax(1) },
  // Plain, and with transB (x·Wᵀ as linear and attention use it), both with broadcast batch dims.
  matmul: {
    inputs: () => [vals([2, 1, 3, 4]), vals([3, 4, 2], 2), vals([3, 2, 4], 3)],
    run: (a, b, c) => a.matmul(b).add(apply("matmul", [a, c], { transB: true })),
  },
  reshape: { inputs: () => [vals([2, 6])], run: (x) => x.reshape(3, -1).mul(vals([3, 4], 5).detach()) },
  permute: { inputs: () => [vals([2, 3, 4])], run: (x) => x.permute(2, 0, 1) },
  expand: { inputs: () => [vals([3, 1])], run: (x) => x.expand(2, 3, 4) },
  slice: { inputs: () => [vals([3, 7])], run: (x) => x.slice(1, 1, 6, 2).add(x.slice(0, -1).slice(1, 4)) },
  concat: { inputs: () => [vals([2, 3]), vals([2, 1], 2)], run: (a, b) => S.concat([a, b, a], 1) },
  gather: { inputs: () => [vals([3, 4]), idx([0, 3, 3, 1, 2, 0], [3, 2])], run: (x, i) => x.gather(1, i) },
  indexSelect: { inputs: () => [vals([4, 3]), idx([2, 0, 2])], run: (x, i) => x.indexSelect(0, i) },
  copy: { inputs: () => [vals([2, 3])], run: (x) => x.clone().mul(x) },
  conv2d: {
    inputs: () => [vals([2, 3, 6, 5]), vals([4, 3, 3, 2], 2), vals([4], 3)],
    run: (x, w, b) => C.conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }),
  },
  maxPool2d: { inputs: () => [vals([2, 2, 5, 6])], run: (x) => C.maxPool2d(x, 3, { stride: [2, 1], padding: 1 }) },
  // Over the last two dims with weight and bias, and over the last dim with neither.
  layerNorm: {
    inputs: () => [vals([2, 3, 4]), vals([3, 4], 2), vals([3, 4], 3)],
    run: (x, w, b) => L.layerNorm(x, [3, 4], w, b, 1e-3).add(L.layerNorm(x, 4).mul(0.5)),
  },
  avgPool2d: {
    inputs: () => [vals([2, 2, 5, 6])],
    run: (x) => C.avgPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 1], countIncludePad: false }),
  },
} satisfies Record<OpName, GradCase>;

describe("op table: finite differences", () => {
  for (const [name, c] of Object.entries(cases) as [OpName, GradCase][]) {
    test(name, () => {
      const inputs = c.inputs();
      const out = c.run(...inputs);
      // The case must actually exercise its op.
      expect(topoSort(out).some((t) => t.op === name) || out.op === name).toBe(true);
      const probe = probeFor(out.shape);
      const result = gradcheck((...x) => c.run(...x).mul(probe).sum(), inputs);
      expect(result.ok, `${name}: ${result.report}`).toBe(true);
    });
  }
});
