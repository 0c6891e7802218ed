import { describe, expect, test } from "vitest";
import { ModuleList, Sequential } from "../../../src/engine/nn/containers";
import { Linear } from "../../../src/engine/nn/linear";
import { ReLU, Tanh } from "../../../src/engine/nn/activations";
import { Dropout } from "../../../src/engine/nn/dropout";
import { Module } from "../../../src/engine/nn/module";
import { crossEntropy } from "../../../src/engine/nn/losses";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

describe("Sequential", () => {
  test("children are named 0, 1, …: parameters 0.weight, 0.bias, 2.weight, 2.bias", () => {
    const seq = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    expect(seq.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(seq.length).toBe(3);
    expect(seq[0]).toBeInstanceOf(Linear);
    expect(seq.at(-1)).toBe(seq[2]);
    expect([...seq].map((m) => m.kind)).toEqual(["Linear", "ReLU", "Linear"]);
    expect(() => seq.at(3)).toThrow(/out of range/);
  });

  test("more than ten children keep numeric order", () => {
    const seq = new Sequential(...Array.from({ length: 12 }, () => new Linear(2, 2)));
    expect(seq.namedParameters().filter(([n]) => n.endsWith("weight")).map(([n]) => n)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}.weight`));
  });

  test("named children (PyTorch's OrderedDict form) and append", () => {
    const seq = new Sequential({ fc1: new Linear(2, 3), act: new Tanh(), fc2: new Linear(3, 1) });
    expect(seq.namedParameters().map(([n]) => n)).toEqual(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
    expect(seq.at(1)).toBeInstanceOf(Tanh);
    expect(() => seq.append(new ReLU())).toThrow(/indexed/);
    expect(() => new Sequential({ training: new ReLU() })).toThrow(/cannot name a child/);
    const plain = new Sequential(new Linear(2, 2)).append(new ReLU());
    expect(plain.length).toBe(2);
    expect(plain[1]).toBeInstanceOf(ReLU);
  });

  test("forward chains the modules; gradients match finite differences", () => {
    manualSeed(0);
    const seq = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
    const x = randn([2, 3], { requiresGrad: true });
    expectGradcheck(() => seq.forward(x), [x, ...seq.parameters()]);
  });

  test("train()/eval() reach every descendant", () => {
    const seq = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new ReLU()));
    seq.eval();
    expect(seq.namedModules().every(([, m]) => !m.training)).toBe(true);
    seq.train();
    expect(seq.namedModules().every(([, m]) => m.training)).toBe(true);
    expect(seq.namedModules().map(([n]) => n)).toEqual(["", "0", "1", "1.0", "1.1"]);
  });

  test("the MLP 4-8-8-3 with tanh and cross-entropy matches PyTorch", () => {
    const c = loadCase("model_mlp_4_8_8_3_tanh_ce");
    const model = new Sequential({ fc1: new Linear(4, 8), a1: new Tanh(), fc2: new Linear(8, 8), a2: new Tanh(), fc3: new Linear(8, 3) });
    for (const [name, p] of model.namedParameters()) load(p, c.leaf(name));
    const x = c.leaf("x");
    const loss = crossEntropy(model.forward(x), c.leaf("target"));
    expect(loss.item()).toBeCloseTo(c.json.loss, 12);
    loss.backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    for (const [name, p] of model.namedParameters()) expectClose(p.grad, c.grad(name), `dL/d${name}`);
  });
});

class Stack extends Module {
  layers: ModuleList<Linear>;
  constructor() {
    super();
    this.layers = new ModuleList([new Linear(2, 3), new Linear(3, 3)]);
    this.layers.append(new Linear(3, 1));
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.forward(y).tanh();
    return y;
  }
}

describe("ModuleList", () => {
  test("registers its modules under layers.0, layers.1, …; indexable and iterable", () => {
    const m = new Stack();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias",
    ]);
    expect(m.layers.length).toBe(3);
    expect(m.layers[1].outFeatures).toBe(3);
    expect(m.layers.at(-1).outFeatures).toBe(1);
    m.layers.extend([new Linear(1, 1)]);
    expect(m.layers.length).toBe(4);
    expect(() => new ModuleList([{} as Module])).toThrow(/not a Module/);
  });

  test("a model over a ModuleList: gradients match finite differences", () => {
    manualSeed(5);
    const m = new Stack();
    const x = randn([3, 2], { requiresGrad: true });
    expectGradcheck(() => m.forward(x), [x, ...m.parameters()]);
  });
});
