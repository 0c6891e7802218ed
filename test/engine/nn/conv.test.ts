import { describe, expect, test } from "vitest";
import { Conv1d, Conv2d } from "../../../src/engine/nn/conv";
import { AvgPool2d, MaxPool2d } from "../../../src/engine/nn/pooling";
import { Linear } from "../../../src/engine/nn/linear";
import { Flatten, ReLU } from "../../../src/engine/nn/activations";
import { Sequential } from "../../../src/engine/nn/containers";
import { crossEntropy } from "../../../src/engine/nn/losses";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

describe("Conv2d", () => {
  test("weight [C_out, C_in, kH, kW], bias [C_out], both U(-1/sqrt(fan_in), 1/sqrt(fan_in))", () => {
    manualSeed(0);
    const conv = new Conv2d(4, 64, 3);
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [64, 4, 3, 3]], ["bias", [64]]]);
    const bound = 1 / Math.sqrt(36);
    expect(Math.max(...conv.weight.data)).toBeLessThanOrEqual(bound);
    expect(Math.min(...conv.weight.data)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...conv.weight.data)).toBeGreaterThan(0.95 * bound);
    expect(Math.max(...conv.bias!.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(new Conv2d(1, 2, [1, 3], { bias: false }).parameters().length).toBe(1);
  });

  test.each(["layer_conv2d_s1_p0", "layer_conv2d_s2_p1"])("matches PyTorch: %s", (name) => {
    const c = loadCase(name);
    const W = c.leaf("W");
    const [stride, padding] = name === "layer_conv2d_s1_p0" ? [1, 0] : [2, 1];
    const conv = new Conv2d(W.shape[1], W.shape[0], [W.shape[2], W.shape[3]], { stride, padding });
    load(conv.weight, W);
    load(conv.bias, c.leaf("b"));
    const x = c.leaf("x");
    const y = conv.forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(conv.weight.grad, c.grad("W"), "dL/dW");
    expectClose(conv.bias!.grad, c.grad("b"), "dL/db");
  });

  test("stride, padding and dilation as pairs: finite-difference gradients", () => {
    manualSeed(1);
    const conv = new Conv2d(2, 2, [2, 3], { stride: [1, 2], padding: [1, 0], dilation: [2, 1] });
    const x = randn([1, 2, 5, 6], { requiresGrad: true });
    expect(conv.forward(x).shape).toEqual([1, 2, 5, 2]);
    expectGradcheck(() => conv.forward(x), [x, ...conv.parameters()]);
  });

  test('padding "same" keeps the size; "valid" is none', () => {
    const x = randn([1, 1, 6, 7]);
    expect(new Conv2d(1, 1, 3, { padding: "same", dilation: 2 }).forward(x).shape).toEqual([1, 1, 6, 7]);
    expect(new Conv2d(1, 1, 3, { padding: "valid" }).forward(x).shape).toEqual([1, 1, 4, 5]);
    expect(() => new Conv2d(1, 1, 2, { padding: "same" })).toThrow(/odd effective kernel/);
    expect(() => new Conv2d(1, 1, 3, { padding: "same", stride: 2 })).toThrow(/stride 1/);
  });

  test("a wrong channel count names the module and the shape", () => {
    expect(() => new Conv2d(3, 4, 3).forward(randn([1, 2, 5, 5]))).toThrow(/Conv2d\(3, 4, kernel_size=\[3, 3\]\).*\[1, 2, 5, 5\]/);
  });
});

describe("Conv1d", () => {
  test("weight [C_out, C_in, k]; finite-difference gradients with stride, padding, dilation", () => {
    manualSeed(2);
    const conv = new Conv1d(2, 3, 2, { stride: 2, padding: 1, dilation: 2 });
    expect(conv.weight.shape).toEqual([3, 2, 2]);
    const x = randn([2, 2, 7], { requiresGrad: true });
    expect(conv.forward(x).shape).toEqual([2, 3, 4]);
    expectGradcheck(() => conv.forward(x), [x, ...conv.parameters()]);
    expect(new Conv1d(2, 1, 3, { padding: "same" }).forward(randn([2, 5])).shape).toEqual([1, 5]);
    expect(() => conv.forward(randn([2, 3, 7]))).toThrow(/Conv1d\(2, 3, kernel_size=2\).*\[2, 3, 7\]/);
  });
});

describe("a tiny CNN from modules", () => {
  test("conv-relu-maxpool-conv-relu-avgpool-flatten-linear with cross-entropy matches PyTorch", () => {
    const c = loadCase("model_tiny_cnn_1x8x8");
    const model = new Sequential({
      conv1: new Conv2d(1, 4, 3, { padding: 1 }),
      r1: new ReLU(),
      p1: new MaxPool2d(2),
      conv2: new Conv2d(4, 8, 3, { padding: 1 }),
      r2: new ReLU(),
      p2: new AvgPool2d(2),
      flat: new Flatten(),
      fc: new Linear(32, 3),
    });
    expect(model.namedParameters().map(([n]) => n)).toEqual(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias"]);
    for (const [n, p] of model.namedParameters()) load(p, c.leaf(n));
    const x = c.leaf("x");
    const loss = crossEntropy(model.forward(x), c.leaf("target"));
    expect(loss.item()).toBeCloseTo(c.json.loss, 12);
    loss.backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    for (const [n, p] of model.namedParameters()) expectClose(p.grad, c.grad(n), `dL/d${n}`);
  });
});
