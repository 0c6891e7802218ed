import { describe, expect, test } from "vitest";
import { AvgPool2d, MaxPool2d } from "../../../src/engine/nn/pooling";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { expectClose, expectGradcheck, loadCase } from "./nnHelpers";

describe("pooling modules", () => {
  test("MaxPool2d matches PyTorch", () => {
    const c = loadCase("layer_maxpool2d_k2_s2");
    const x = c.leaf("x");
    const y = new MaxPool2d(2).forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
  });

  test.each([
    ["layer_avgpool2d_k2_s2", new AvgPool2d(2)],
    ["layer_avgpool2d_k3_s2_p1_include_pad", new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: true })],
  ])("AvgPool2d matches PyTorch: %s", (name, pool) => {
    const c = loadCase(name);
    const x = c.leaf("x");
    const y = pool.forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
  });

  test("overlapping windows and countIncludePad false: finite-difference gradients", () => {
    manualSeed(3);
    const x = randn([1, 2, 5, 5], { requiresGrad: true });
    const max = new MaxPool2d(3, { stride: 2, padding: 1 });
    const avg = new AvgPool2d([3, 2], { stride: 1, padding: [1, 0], countIncludePad: false });
    expect(max.stride).toBe(2);
    expect(new MaxPool2d(2).stride).toBe(2);
    expect(avg.forward(x).shape).toEqual([1, 2, 5, 4]);
    expectGradcheck(() => max.forward(x), [x]);
    expectGradcheck(() => avg.forward(x), [x]);
  });
});
