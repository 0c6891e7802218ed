// Losses: values against the PyTorch formulas written out with plain loops, gradients against
// central finite differences, and the argument checks.
import { describe, expect, test } from "vitest";
import { manualSeed } from "../../../src/engine/random";
import { param, rand, randn, tensor } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";
import { binaryCrossEntropy, bceWithLogits, crossEntropy, huberLoss, l1Loss, mseLoss, nllLoss, type Reduction } from "../../../src/engine/nn/losses";
import { gradcheck } from "../../helpers/gradcheck";

const REDUCTIONS: Reduction[] = ["none", "mean", "sum"];

function expectClose(actual: Tensor, expected: number[] | number, rtol = 1e-12): void {
  const e = typeof expected === "number" ? [expected] : expected;
  expect(actual.numel).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs), 1e-300);
  e.forEach((v, i) => expect(Math.abs(actual.data[i] - v), `element ${i}: ${actual.data[i]} vs ${v}`).toBeLessThanOrEqual(rtol * scale));
}

function reduceJs(values: number[], reduction: Reduction, divisor = values.length): number[] | number {
  if (reduction === "none") return values;
  const s = values.reduce((a, b) => a + b, 0);
  return reduction === "sum" ? s : s / divisor;
}

/** log-softmax of each row of a row-major [N, C] array. */
function logSoftmaxRows(x: Float64Array, C: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < x.length / C; i++) {
    const row = Array.from(x.subarray(i * C, (i + 1) * C));
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    rows.push(row.map((v) => v - lse));
  }
  return rows;
}

function expectGrads(loss: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradcheck(loss, inputs);
  expect(r.ok, r.report).toBe(true);
}

describe("elementwise regression losses", () => {
  manualSeed(1);
  const x = param(randn([3, 4]));
  const y = randn([3, 4]);
  const d = Array.from(x.data, (v, i) => v - y.data[i]);

  test.each(REDUCTIONS)("mseLoss, l1Loss, huberLoss values (reduction %s)", (reduction) => {
    expectClose(mseLoss(x, y, { reduction }), reduceJs(d.map((v) => v * v), reduction));
    expectClose(l1Loss(x, y, { reduction }), reduceJs(d.map(Math.abs), reduction));
    const delta = 0.7;
    const huber = d.map((v) => (Math.abs(v) < delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta)));
    // Both regions occur in the data.
    expect(d.some((v) => Math.abs(v) < delta) && d.some((v) => Math.abs(v) > delta)).toBe(true);
    expectClose(huberLoss(x, y, { reduction, delta }), reduceJs(huber, reduction));
  });

  test("gradients match finite differences (input and target)", () => {
    const t = param(y);
    expectGrads((a, b) => mseLoss(a, b), [x, t]);
    expectGrads((a, b) => l1Loss(a, b, { reduction: "sum" }), [x, t]);
    expectGrads((a, b) => huberLoss(a, b, { delta: 0.7 }), [x, t]);
  });

  test("defaults: mean reduction, huber delta 1", () => {
    expectClose(mseLoss(x, y), reduceJs(d.map((v) => v * v), "mean"));
    expectClose(huberLoss(x, y), huberLoss(x, y, { delta: 1, reduction: "mean" }).item());
  });

  test("shape mismatch and bad options are errors that name the loss and the shapes", () => {
    expect(() => mseLoss(x, randn([4, 3]))).toThrow(/mseLoss.*\[4, 3\].*\[3, 4\]/);
    expect(() => l1Loss(x, randn([3]))).toThrow(/l1Loss.*\[3\].*\[3, 4\]/);
    expect(() => huberLoss(x, y, { delta: 0 })).toThrow(/huberLoss.*delta/);
    expect(() => mseLoss(x, y, { reduction: "avg" as Reduction })).toThrow(/mseLoss.*reduction.*"avg"/);
  });
});

describe("crossEntropy and nllLoss", () => {
  manualSeed(2);
  const N = 5;
  const C = 4;
  const logits = param(randn([N, C]));
  const target = tensor([0, 3, 1, 3, 2], { dtype: "int64" });
  const logp = logSoftmaxRows(logits.data, C);
  const nll = Array.from(target.data, (t, i) => -logp[i][t]);

  test.each(REDUCTIONS)("plain class indices, reduction %s: −log softmax at the target (mean over N)", (reduction) => {
    expectClose(crossEntropy(logits, target, { reduction }), reduceJs(nll, reduction));
    expectClose(nllLoss(logits.logSoftmax(1), target, { reduction }), reduceJs(nll, reduction));
  });

  test("class weights: each term scaled by weight[target]; mean divides by the sum of those weights", () => {
    const w = tensor([0.5, 2, 1, 3]);
    const terms = nll.map((v, i) => w.data[target.data[i]] * v);
    const wsum = Array.from(target.data, (t) => w.data[t]).reduce((a, b) => a + b, 0);
    expectClose(crossEntropy(logits, target, { weight: w, reduction: "none" }), terms);
    expectClose(crossEntropy(logits, target, { weight: w, reduction: "sum" }), reduceJs(terms, "sum"));
    expectClose(crossEntropy(logits, target, { weight: w }), reduceJs(terms, "mean", wsum));
    expectGrads((a) => crossEntropy(a, target, { weight: w }), [logits]);
  });

  test("ignoreIndex (-100 by default): no loss, no gradient, not counted by mean", () => {
    const t = tensor([0, -100, 1, 3, -100]);
    const kept = [0, 2, 3];
    const expected = kept.map((i) => -logp[i][t.data[i]]);
    expectClose(crossEntropy(logits, t), reduceJs(expected, "mean"));
    expectClose(crossEntropy(logits, t, { reduction: "none" }), [expected[0], 0, expected[1], expected[2], 0]);
    const t2 = tensor([0, 2, 1, 3, 2]);
    expectClose(crossEntropy(logits, t2, { ignoreIndex: 2 }), reduceJs([0, 2, 3].map((i) => -logp[i][t2.data[i]]), "mean"));
    logits.grad = null;
    crossEntropy(logits, t).backward();
    expect(Array.from(logits.grad!.data.subarray(C, 2 * C))).toEqual([0, 0, 0, 0]);
    expectGrads((a) => crossEntropy(a, t, { weight: tensor([1, 2, 3, 4]) }), [logits]);
  });

  test("label smoothing: (1 − ε)·nll + ε/C·Σ_c −log p_c, as PyTorch (also with weights and ignored targets)", () => {
    const eps = 0.2;
    const smooth = logp.map((row) => -row.reduce((a, b) => a + b, 0));
    const terms = nll.map((v, i) => (1 - eps) * v + (eps / C) * smooth[i]);
    expectClose(crossEntropy(logits, target, { labelSmoothing: eps, reduction: "none" }), terms);
    expectClose(crossEntropy(logits, target, { labelSmoothing: eps }), reduceJs(terms, "mean"));
    const w = [0.5, 2, 1, 3];
    const t = tensor([0, -100, 1, 3, 2]);
    const kept = [0, 2, 3, 4];
    const wNll = kept.map((i) => -w[t.data[i]] * logp[i][t.data[i]]);
    const wSmooth = kept.map((i) => -logp[i].reduce((s, v, c) => s + w[c] * v, 0));
    const wsum = kept.reduce((s, i) => s + w[t.data[i]], 0);
    const expected = ((1 - eps) * wNll.reduce((a, b) => a + b, 0)) / wsum + ((eps / C) * wSmooth.reduce((a, b) => a + b, 0)) / wsum;
    expectClose(crossEntropy(logits, t, { labelSmoothing: eps, weight: tensor(w) }), expected);
    expectGrads((a) => crossEntropy(a, t, { labelSmoothing: eps, weight: tensor(w) }), [logits]);
  });

  test("class probabilities as target: −Σ_c t_c·log p_c, mean over N", () => {
    const probs = rand([N, C]);
    const p = probs.div(probs.sum(1, true)).detach();
    const terms = logp.map((row, i) => -row.reduce((s, v, c) => s + p.data[i * C + c] * v, 0));
    expectClose(crossEntropy(logits, p, { reduction: "none" }), terms);
    expectClose(crossEntropy(logits, p), reduceJs(terms, "mean"));
    expectGrads((a) => crossEntropy(a, p, { labelSmoothing: 0.1 }), [logits]);
  });

  test("extra dims [N, C, d] with targets [N, d]; unbatched [C] with a 0-d target", () => {
    const x = param(randn([2, 3, 4]));
    const t = tensor([[0, 2, 1, 1], [2, 2, 0, 1]]);
    const moved = x.permute(0, 2, 1).reshape(8, 3);
    expectClose(crossEntropy(x, t), crossEntropy(moved, t.reshape(8)).item());
    expectGrads((a) => crossEntropy(a, t, { reduction: "sum" }), [x]);
    const row = param(randn([4]));
    const lp = logSoftmaxRows(row.data, 4)[0];
    expectClose(crossEntropy(row, tensor(2)), -lp[2]);
    expect(crossEntropy(row, tensor(2), { reduction: "none" }).shape).toEqual([]);
  });

  test("gradient is (softmax − onehot)/N and matches finite differences", () => {
    logits.grad = null;
    crossEntropy(logits, target).backward();
    const expected = logp.flatMap((row, i) => row.map((v, c) => (Math.exp(v) - +(c === target.data[i])) / N));
    expectClose(logits.grad!, expected);
    expectGrads((a) => crossEntropy(a, target), [logits]);
  });

  test("a float64 target holding integers is read as class indices", () => {
    expectClose(crossEntropy(logits, tensor([0, 3, 1, 3, 2])), reduceJs(nll, "mean"));
  });

  test("bad targets: errors name the loss, the value and its position", () => {
    expect(() => crossEntropy(logits, tensor([0, 4, 1, 3, 2]))).toThrow(/crossEntropy: target 4 at flat position 1 is out of range \[0, 4\)/);
    expect(() => crossEntropy(logits, tensor([0, 1, -1, 3, 2]))).toThrow(/crossEntropy: target -1 at flat position 2/);
    expect(() => crossEntropy(logits, tensor([0, 1, 1.5, 3, 2]))).toThrow(/crossEntropy: target must hold integers, got 1.5 at flat position 2/);
    expect(() => nllLoss(logits, tensor([0, 1, 9, 3, 2]))).toThrow(/nllLoss: target 9 at flat position 2/);
    expect(() => crossEntropy(logits, tensor([0, 1, 2]))).toThrow(/crossEntropy: target of shape \[3\] does not match input of shape \[5, 4\]/);
    expect(() => crossEntropy(logits, target, { weight: tensor([1, 2]) })).toThrow(/crossEntropy: weight of shape \[2\]/);
    expect(() => crossEntropy(logits, target, { labelSmoothing: 1.5 })).toThrow(/labelSmoothing/);
  });
});

describe("binary cross-entropy", () => {
  manualSeed(3);
  const logits = param(randn([3, 4]).mul(3));
  const soft = rand([3, 4]);
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));

  test.each(REDUCTIONS)("bceWithLogits equals −(t·log σ(x) + (1 − t)·log(1 − σ(x))) (reduction %s)", (reduction) => {
    const terms = Array.from(logits.data, (x, i) => -(soft.data[i] * Math.log(sig(x)) + (1 - soft.data[i]) * Math.log(1 - sig(x))));
    expectClose(bceWithLogits(logits, soft, { reduction }), reduceJs(terms, reduction), 1e-10);
  });

  test("bceWithLogits with posWeight and weight: −w·(p·t·log σ(x) + (1 − t)·log(1 − σ(x)))", () => {
    const posWeight = tensor([1, 2, 0.5, 3]);
    const weight = tensor([[1], [0.5], [2]]);
    const terms = Array.from(logits.data, (x, i) => {
      const t = soft.data[i];
      const w = weight.data[Math.floor(i / 4)];
      return -w * (posWeight.data[i % 4] * t * Math.log(sig(x)) + (1 - t) * Math.log(1 - sig(x)));
    });
    expectClose(bceWithLogits(logits, soft, { posWeight, weight, reduction: "none" }), terms, 1e-10);
    expectGrads((a) => bceWithLogits(a, soft, { posWeight, weight }), [logits]);
  });

  test("bceWithLogits gradient is σ(x) − t, also at x = 0 exactly (zero-initialised logits)", () => {
    const x = param([0, 0, 0, 2]);
    const t = tensor([0, 1, 0.25, 1]);
    bceWithLogits(x, t, { reduction: "sum" }).backward();
    expectClose(x.grad!, [0.5, -0.5, 0.25, sig(2) - 1]);
    const y = param([0, 0, 1]);
    bceWithLogits(y, tensor([1, 0, 1]), { posWeight: tensor([3, 3, 3]), reduction: "sum" }).backward();
    // d/dx of (1 − t)x + (1 + (p − 1)t)·log(1 + e^−x) = (1 − t) − (1 + (p − 1)t)·σ(−x)
    expectClose(y.grad!, [-1.5, 0.5, -3 * sig(-1)]);
  });

  test("bceWithLogits is finite and accurate for extreme logits", () => {
    const x = param([800, -800, 40, -40]);
    const t = tensor([1, 0, 1, 0]);
    const l = bceWithLogits(x, t, { reduction: "none" });
    expectClose(l, [0, 0, Math.exp(-40), Math.exp(-40)], 1e-12);
    l.sum().backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
    expect(bceWithLogits(x, tensor([0, 1, 0, 1]), { reduction: "none" }).data[0]).toBe(800);
  });

  test.each(REDUCTIONS)("binaryCrossEntropy on probabilities (reduction %s)", (reduction) => {
    const p = logits.sigmoid();
    const terms = Array.from(p.data, (v, i) => -(soft.data[i] * Math.log(v) + (1 - soft.data[i]) * Math.log(1 - v)));
    expectClose(binaryCrossEntropy(p, soft, { reduction }), reduceJs(terms, reduction), 1e-10);
  });

  test("binaryCrossEntropy clamps each log at −100 (as PyTorch) and stays finite at 0 and 1", () => {
    const p = param([0, 1, 0, 1]);
    const l = binaryCrossEntropy(p, tensor([1, 0, 0, 1]), { reduction: "none" });
    expectClose(l, [100, 100, 0, 0]);
    l.sum().backward();
    expect(Array.from(p.grad!.data).every(Number.isFinite)).toBe(true);
  });

  test("binaryCrossEntropy gradients (input, target, weight) match finite differences", () => {
    const p = param(rand([2, 3]).mul(0.8).add(0.1));
    const t = param(rand([2, 3]));
    expectGrads((a, b) => binaryCrossEntropy(a, b, { weight: tensor([1, 2, 0.5]) }), [p, t]);
    expectGrads((a, b) => bceWithLogits(a, b, { reduction: "sum" }), [param(randn([2, 3])), t]);
  });

  test("errors: shapes must match, probabilities must lie in [0, 1]", () => {
    expect(() => bceWithLogits(logits, rand([4, 3]))).toThrow(/bceWithLogits: target of shape \[4, 3\] does not match input of shape \[3, 4\]/);
    expect(() => binaryCrossEntropy(tensor([0.5, 1.2]), tensor([0, 1]))).toThrow(/binaryCrossEntropy: input must hold probabilities in \[0, 1\], got 1.2 at flat position 1/);
  });
});
