import { describe, expect, test } from "vitest";
import { setObserver, scopeStack, topoSort } from "../../src/engine/autograd";
import { param } from "../../src/engine/creation";
import { Module } from "../../src/engine/nn/module";
import type { Tensor } from "../../src/engine/tensor";

class Affine extends Module {
  w = param([2]);
  b = param([0.5]);
  forward(x: Tensor): Tensor {
    return x.mul(this.w).add(this.b);
  }
}

class Net extends Module {
  layers = [new Affine(), new Affine()];
  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, l) => l.forward(h).tanh(), x);
  }
}

describe("observer hook and module scopes", () => {
  test("the observer sees every op with the module stack at that moment, and every gradient", () => {
    const net = new Net();
    const seen: { op: string; scope: string[] }[] = [];
    const grads: string[] = [];
    const prev = setObserver({
      onOp: (t) => seen.push({ op: t.op, scope: scopeStack().map((s) => s.kind) }),
      onGrad: (t) => grads.push(t.op),
    });
    try {
      const loss = net.forward(param([1, -1])).sum();
      loss.backward();
    } finally {
      setObserver(prev);
    }
    expect(seen.map((s) => s.op)).toEqual(["mul", "add", "tanh", "mul", "add", "tanh", "sum"]);
    expect(seen[0].scope).toEqual(["Net", "Affine"]);
    expect(seen[2].scope).toEqual(["Net"]);
    expect(seen[6].scope).toEqual([]);
    expect(grads[0]).toBe("sum");
    expect(grads).toContain("leaf");
  });

  test("namedParameters uses PyTorch-style dotted paths", () => {
    expect(new Net().namedParameters().map(([n]) => n)).toEqual(["layers.0.w", "layers.0.b", "layers.1.w", "layers.1.b"]);
  });

  test("train/eval propagate to children", () => {
    const net = new Net().eval();
    expect(net.layers[1].training).toBe(false);
    net.train();
    expect(net.layers[0].training).toBe(true);
  });

  test("topoSort handles deep graphs without overflowing the stack", () => {
    let h = param([1]);
    const x = h;
    for (let i = 0; i < 100_000; i++) h = h.mul(1.0000001);
    const order = topoSort(h);
    expect(order.length).toBe(100_001);
    expect(order[0]).toBe(x);
    h.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(Math.pow(1.0000001, 100_000), 9);
  });
});
