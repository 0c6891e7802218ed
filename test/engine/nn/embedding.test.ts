import { describe, expect, test } from "vitest";
import { Embedding } from "../../../src/engine/nn/embedding";
import { embedding } from "../../../src/engine/nn/layerFunctional";
import { manualSeed } from "../../../src/engine/random";
import { tensor } from "../../../src/engine/creation";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

describe("Embedding", () => {
  test("weight [num, dim] starts N(0, 1)", () => {
    manualSeed(0);
    const e = new Embedding(200, 50);
    expect(e.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [200, 50]]]);
    const d = [...e.weight.data];
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(std).toBeCloseTo(1, 1);
  });

  test("matches PyTorch (repeated indices accumulate, unused rows get zero)", () => {
    const c = loadCase("layer_embedding");
    const weight = c.leaf("weight");
    const e = new Embedding(weight.shape[0], weight.shape[1]);
    load(e.weight, weight);
    const y = e.forward(c.leaf("idx"));
    expect(y.shape).toEqual([2, 5, 4]);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(e.weight.grad, c.grad("weight"), "dL/dweight");
  });

  test("gradient matches finite differences; float tensors holding integers are accepted as indices", () => {
    manualSeed(1);
    const e = new Embedding(5, 3);
    const idx = tensor([[0, 4, 4], [2, 0, 1]]);
    expectGradcheck(() => e.forward(idx), e.parameters());
  });

  test("paddingIdx: the row starts at zero and gets no gradient", () => {
    manualSeed(2);
    const e = new Embedding(4, 2, { paddingIdx: -1 });
    expect(e.paddingIdx).toBe(3);
    expect([...e.weight.data.slice(6)]).toEqual([0, 0]);
    e.weight.data.set([5, 6], 6);
    const y = e.forward(tensor([3, 1, 3], { dtype: "int64" }));
    expect([...y.data.slice(0, 2)]).toEqual([5, 6]);
    y.sum().backward();
    expect([...e.weight.grad!.data]).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(embedding(tensor([0, 1], { dtype: "int64" }), e.weight, 1).shape).toEqual([2, 2]);
  });

  test("out-of-range and non-integer indices are clear errors", () => {
    const e = new Embedding(3, 2);
    expect(() => e.forward(tensor([0, 3], { dtype: "int64" }))).toThrow(/embedding: index 3 .*out of range \[0, 3\)/);
    expect(() => e.forward(tensor([0.5]))).toThrow(/integers/);
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow(/padding_idx/);
  });
});
