import { describe, expect, test } from "vitest";
import * as A from "../../../src/engine/nn/activations";
import type { Module } from "../../../src/engine/nn/module";
import { manualSeed } from "../../../src/engine/random";
import { randn, tensor } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";
import { expectGradcheck } from "./nnHelpers";

type Act = Module & { forward(x: Tensor): Tensor };

// Each module against the formula it names, on a few points away from kinks.
const cases: [string, Act, (v: number) => number][] = [
  ["ReLU", new A.ReLU(), (v) => Math.max(v, 0)],
  ["Tanh", new A.Tanh(), Math.tanh],
  ["Sigmoid", new A.Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
  ["GELU tanh", new A.GELU("tanh"), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
  ["LeakyReLU", new A.LeakyReLU(0.2), (v) => (v > 0 ? v : 0.2 * v)],
  ["ELU", new A.ELU(1.5), (v) => (v > 0 ? v : 1.5 * Math.expm1(v))],
  ["SiLU", new A.SiLU(), (v) => v / (1 + Math.exp(-v))],
  ["Softplus", new A.Softplus(2, 20), (v) => Math.log1p(Math.exp(2 * v)) / 2],
  ["Identity", new A.Identity(), (v) => v],
];

describe("activation modules", () => {
  const pts = [-2.3, -0.7, 0.4, 1.9];
  test.each(cases)("%s: values and finite-difference gradients", (_name, m, f) => {
    const x = tensor(pts, { requiresGrad: true });
    const y = m.forward(x);
    pts.forEach((v, i) => expect(y.data[i]).toBeCloseTo(f(v), 12));
    expectGradcheck(() => m.forward(x), [x]);
  });

  test("GELU default is the exact (erf) form", () => {
    const y = new A.GELU().forward(tensor([1]));
    expect(y.item()).toBeCloseTo(0.8413447460685429, 14);
  });

  test("Softmax and LogSoftmax along a dim", () => {
    manualSeed(2);
    const x = randn([2, 3, 4], { requiresGrad: true });
    const s = new A.Softmax(1).forward(x);
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) {
      let sum = 0;
      for (let j = 0; j < 3; j++) sum += s.data[i * 12 + j * 4 + k];
      expect(sum).toBeCloseTo(1, 14);
    }
    const ls = new A.LogSoftmax(-1).forward(x);
    const sm = new A.Softmax(-1).forward(x);
    ls.data.forEach((v, i) => expect(v).toBeCloseTo(Math.log(sm.data[i]), 13));
    expectGradcheck(() => new A.Softmax(1).forward(x), [x]);
    expectGradcheck(() => new A.LogSoftmax(-1).forward(x), [x]);
  });

  test("Flatten keeps the batch dim by default", () => {
    const x = randn([2, 3, 4, 5]);
    expect(new A.Flatten().forward(x).shape).toEqual([2, 60]);
    expect(new A.Flatten(0, 1).forward(x).shape).toEqual([6, 4, 5]);
  });

  test("modules report their kind", () => {
    expect(new A.LeakyReLU().kind).toBe("LeakyReLU");
    expect(new A.LeakyReLU().negativeSlope).toBe(0.01);
  });
});
