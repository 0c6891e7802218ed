import { describe, expect, test } from "vitest";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "../../../src/engine/nn/norm";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { ShapeError } from "../../../src/engine/shape";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

describe("LayerNorm", () => {
  test("parameters start at ones and zeros, named weight and bias", () => {
    const ln = new LayerNorm([3, 4]);
    expect(ln.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [3, 4]], ["bias", [3, 4]]]);
    expect([...ln.weight!.data].every((v) => v === 1)).toBe(true);
    expect([...ln.bias!.data].every((v) => v === 0)).toBe(true);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(["weight"]);
  });

  test.each(["layer_layernorm_last", "layer_layernorm_last2"])("matches PyTorch: %s", (name) => {
    const c = loadCase(name);
    const weight = c.leaf("weight");
    const ln = new LayerNorm(weight.shape, { eps: 1e-5 });
    load(ln.weight, weight);
    load(ln.bias, c.leaf("bias"));
    const x = c.leaf("x");
    const y = ln.forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(ln.weight!.grad, c.grad("weight"), "dL/dweight");
    expectClose(ln.bias!.grad, c.grad("bias"), "dL/dbias");
  });

  test("gradients match finite differences", () => {
    manualSeed(0);
    const ln = new LayerNorm(4);
    ln.weight!.data.set([0.5, -1.2, 2, 0.9]);
    ln.bias!.data.set([0.1, 0.2, -0.3, 0.4]);
    const x = randn([3, 4], { requiresGrad: true });
    expectGradcheck(() => ln.forward(x), [x, ...ln.parameters()]);
  });

  test("an input that does not end with normalized_shape is a ShapeError", () => {
    expect(() => new LayerNorm([3, 4]).forward(randn([2, 4, 3]))).toThrow(ShapeError);
    expect(() => new LayerNorm([3, 4]).forward(randn([2, 4, 3]))).toThrow(/\[2, 4, 3\].*\[3, 4\]/);
  });
});

describe("BatchNorm1d", () => {
  test("parameters and buffers: weight/bias learnable, running stats are not parameters", () => {
    const bn = new BatchNorm1d(3);
    expect(bn.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
    expect([...bn.runningMean!.data]).toEqual([0, 0, 0]);
    expect([...bn.runningVar!.data]).toEqual([1, 1, 1]);
    expect(bn.runningMean!.requiresGrad).toBe(false);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  test.each(["layer_batchnorm1d_train_2d", "layer_batchnorm1d_train_3d"])("train mode matches PyTorch, running stats included: %s", (name) => {
    const c = loadCase(name);
    const weight = c.leaf("weight");
    const bn = new BatchNorm1d(weight.shape[0]);
    load(bn.weight, weight);
    load(bn.bias, c.leaf("bias"));
    const x = c.leaf("x");
    const y = bn.forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(bn.weight!.grad, c.grad("weight"), "dL/dweight");
    expectClose(bn.bias!.grad, c.grad("bias"), "dL/dbias");
    const extras = c.json.extras as { running_mean_after_one_step: number[]; running_var_after_one_step: number[] };
    expectClose(bn.runningMean, extras.running_mean_after_one_step, "running_mean");
    expectClose(bn.runningVar, extras.running_var_after_one_step, "running_var");
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  test("eval mode normalises with the running statistics and leaves them unchanged", () => {
    const bn = new BatchNorm1d(2, { eps: 0.01 });
    bn.runningMean!.data.set([1, -2]);
    bn.runningVar!.data.set([4, 0.25]);
    bn.weight!.data.set([2, 3]);
    bn.bias!.data.set([0.5, -0.5]);
    bn.eval();
    const x = randn([3, 2], { requiresGrad: true });
    const y = bn.forward(x);
    for (let i = 0; i < 3; i++) {
      expect(y.data[2 * i]).toBeCloseTo(((x.data[2 * i] - 1) / Math.sqrt(4.01)) * 2 + 0.5, 13);
      expect(y.data[2 * i + 1]).toBeCloseTo(((x.data[2 * i + 1] + 2) / Math.sqrt(0.26)) * 3 - 0.5, 13);
    }
    expect([...bn.runningMean!.data]).toEqual([1, -2]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expectGradcheck(() => bn.forward(x), [x, ...bn.parameters()]);
  });

  test("momentum null keeps a cumulative average of the batch statistics", () => {
    const bn = new BatchNorm1d(1, { momentum: null });
    const batches = [[1, 3], [5, 9], [0, 2]];
    for (const b of batches) bn.forward(randn([2, 1]).withData(Float64Array.from(b), [2, 1]));
    expect(bn.runningMean!.item()).toBeCloseTo((2 + 7 + 1) / 3, 14);
    // Unbiased variances of the batches: 2, 8, 2.
    expect(bn.runningVar!.item()).toBeCloseTo((2 + 8 + 2) / 3, 14);
    expect(bn.numBatchesTracked!.item()).toBe(3);
  });

  test("without running statistics, eval mode uses the batch's", () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false, affine: false });
    expect(bn.runningMean).toBeNull();
    bn.eval();
    const y = bn.forward(randn([4, 2]));
    expect(y.mean(0).data[0]).toBeCloseTo(0, 14);
  });

  test("train mode gradients match finite differences on [N, C, L]", () => {
    manualSeed(3);
    const bn = new BatchNorm1d(2);
    bn.weight!.data.set([1.5, -0.5]);
    const x = randn([3, 2, 2], { requiresGrad: true });
    expectGradcheck(() => bn.forward(x), [x, ...bn.parameters()]);
  });

  test("errors: wrong channel count names the module; one value per channel in training", () => {
    expect(() => new BatchNorm1d(3).forward(randn([4, 2]))).toThrow(/BatchNorm1d\(3\).*\[4, 2\]/);
    expect(() => new BatchNorm1d(2).forward(randn([1, 2]))).toThrow(/more than 1 value per channel/);
  });
});

describe("BatchNorm2d", () => {
  test("normalises per channel over N, H, W; gradients match finite differences", () => {
    manualSeed(4);
    const bn = new BatchNorm2d(2);
    bn.weight!.data.set([0.7, 1.3]);
    bn.bias!.data.set([0.2, -0.1]);
    const x = randn([2, 2, 2, 3], { requiresGrad: true });
    const y = bn.forward(x);
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let n = 0; n < 2; n++) for (let k = 0; k < 6; k++) s += y.data[n * 12 + c * 6 + k];
      expect(s / 12).toBeCloseTo(c === 0 ? 0.2 : -0.1, 13);
    }
    expectGradcheck(() => bn.forward(x), [x, ...bn.parameters()]);
    expect(() => bn.forward(randn([2, 2, 3]))).toThrow(/BatchNorm2d\(2\).*\[N, C, H, W\]/);
  });
});
