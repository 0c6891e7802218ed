// The optimizer base: parameter lists and groups, zeroGrad, step with a closure, and its checks.
import { describe, expect, test } from "vitest";
import { param, tensor } from "../../../src/engine/creation";
import { SGD } from "../../../src/engine/optim/sgd";
import { Adam } from "../../../src/engine/optim/adam";
import { Module } from "../../../src/engine/nn/module";
import type { Tensor } from "../../../src/engine/tensor";

class Affine extends Module {
  weight = param([[1, 2], [3, 4]]);
  bias = param([0.5, -0.5]);
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

describe("Optimizer", () => {
  test("optimizes model.parameters(); zeroGrad() sets every grad to null", () => {
    const m = new Affine();
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    m.forward(tensor([[1, 1]])).sum().backward();
    expect(m.weight.grad).not.toBeNull();
    opt.step();
    expect(Array.from(m.bias.data)).toEqual([0.5 - 0.1, -0.5 - 0.1]);
    opt.zeroGrad();
    expect(m.weight.grad).toBeNull();
    expect(m.bias.grad).toBeNull();
  });

  test("parameters without a gradient are left alone (no state either)", () => {
    const a = param([1, 2]);
    const b = param([3, 4]);
    const opt = new Adam([a, b], { lr: 0.1 });
    a.mul(a).sum().backward();
    opt.step();
    expect(Array.from(b.data)).toEqual([3, 4]);
    expect(opt.state.has(a)).toBe(true);
    expect(opt.state.has(b)).toBe(false);
  });

  test("parameter groups take their own options, the rest from the defaults", () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    a.add(b).sum().backward();
    opt.step();
    expect([a.data[0], b.data[0]]).toEqual([0.9, 0.5]);
    opt.paramGroups[0].lr = 1;
    opt.step();
    expect(a.data[0]).toBe(0.9 - 1);
  });

  test("step(closure) evaluates the closure first and returns its result", () => {
    const p = param([2]);
    const opt = new SGD([p], { lr: 0.25 });
    const l = opt.step(() => {
      opt.zeroGrad();
      const loss = p.mul(p).sum();
      loss.backward();
      return loss.item();
    });
    expect(l).toBe(4);
    expect(p.data[0]).toBe(1);
  });

  test("rejects empty lists, non-leaves, repeated parameters and bad gradients", () => {
    const p = param([1, 2]);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: got an empty parameter list/);
    expect(() => new SGD([p.mul(2)], { lr: 0.1 })).toThrow(/SGD: parameter 0 is not a leaf tensor \(it is the output of mul\)/);
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/SGD: parameter 1 appears more than once/);
    expect(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 })).toThrow(/appears more than once/);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 2, 3]);
    expect(() => opt.step()).toThrow(/SGD: the gradient of a parameter of shape \[2\] has 3 elements/);
  });
});
