// The entry point's contract: spec forms and validation errors, errors from user code propagating,
// modules found without a `model`, raw values on request, the observer left as it was, and the
// leaf recording that gives parameters their creation sites.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getObserver, setObserver } from "../../src/engine/autograd";
import { param, randn, tensor } from "../../src/engine/creation";
import { Module } from "../../src/engine/nn/module";
import { manualSeed } from "../../src/engine/random";
import type { Tensor } from "../../src/engine/tensor";
import { MAX_LOAD_OPS, startLeafRecording } from "../../src/trace/env";
import { traceModel } from "../../src/trace/traceModel";
import { lineOf } from "../runner/buildWorker";
import { Lin, countingLocate, envFor, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);
const env = { locate: () => null };

describe("spec validation", () => {
  test("a bare function is the loss; an object needs a loss function", () => {
    const w = param([1, 2]);
    const phases = new Set<string>();
    expect(traceModel(() => w.pow(2).sum(), { check: "fast" }, { ...env, onProgress: (p) => phases.add(p.phase) }).loss).toBe(5);
    expect(phases).toEqual(new Set(["trace", "checks"]));
    expect(() => traceModel({ model: 3 }, {}, env)).toThrow(/`loss` must be a function/);
    expect(() => traceModel(42, {}, env)).toThrow(/default export must be a function/);
    expect(() => traceModel({ loss: () => w.sum(), optimizer: {} }, {}, env)).toThrow(/step\(\) and zeroGrad\(\)/);
    expect(() => traceModel({ loss: () => w.sum(), steps: -1 }, {}, env)).toThrow(/non-negative integer/);
  });

  test("the loss must be a scalar tensor that depends on a parameter", () => {
    const w = param([1, 2]);
    expect(() => traceModel(() => w.mul(2), {}, env)).toThrow(/must return a scalar \(one element\); it returned a tensor of shape \[2\]/);
    expect(() => traceModel(() => 3 as unknown as Tensor, {}, env)).toThrow(/must return a Tensor/);
    expect(() => traceModel(() => tensor([1, 2]).sum(), {}, env)).toThrow(/does not depend on any parameter/);
  });

  test("errors thrown by the user's code propagate unchanged; the observer is restored", () => {
    const before = { onOp: () => undefined };
    setObserver(before);
    try {
      const boom = new RangeError("user bug");
      expect(() => traceModel(() => {
        throw boom;
      }, {}, env)).toThrow(boom);
      expect(getObserver()).toBe(before);
    } finally {
      setObserver(null);
    }
  });
});

class Block extends Module {
  constructor(readonly layers: Lin[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, l) => l.forward(h).tanh(), x);
  }
}

describe("results", () => {
  test("without `model`, the module whose forward runs is found and named like namedParameters", () => {
    const r = trace(FILE, () => {
      const net = new Block([new Lin([[0.5, -0.5]], [0.1]), new Lin([[2]], [0])]);
      const x = tensor([[1, 2], [3, 4]]);
      return () => net.forward(x).sum();
    }, { check: "off" });
    expect(r.parameters.map((p) => [p.name, p.module])).toEqual([
      ["layers.0.weight", "layers.0"],
      ["layers.0.bias", "layers.0"],
      ["layers.1.weight", "layers.1"],
      ["layers.1.bias", "layers.1"],
    ]);
    expect(r.layers.map((l) => l.name)).toEqual(["layers.0", "layers.1"]);
    expect(new Set(r.graph.nodes.filter((n) => n.op === "tanh").map((n) => n.module))).toEqual(new Set([""]));
  });

  test("raw values only on request, and only under the size cap", () => {
    const build = () => {
      manualSeed(1);
      const small = param([1, -2]);
      const big = param(randn([40]));
      return () => small.pow(2).sum().add(big.tanh().sum());
    };
    const off = trace(FILE, build, { check: "off" });
    expect(off.graph.nodes.some((n) => n.values !== undefined)).toBe(false);
    const on = trace(FILE, build, { check: "off", includeValues: true, valueSizeCap: 10 });
    const small = on.parameters.find((p) => p.name === "small")!;
    expect(small.values).toEqual([1, -2]);
    expect(small.gradValues).toEqual([2, -4]);
    expect(on.parameters.find((p) => p.name === "big")!.values).toBeUndefined();
    const pow = on.graph.nodes.find((n) => n.op === "powScalar")!;
    expect([pow.values, pow.gradValues]).toEqual([[1, 4], [1, 1]]);
  });

  test("a parameter made inside loss() is traced but not checked, with a warning", () => {
    const r = trace(FILE, () => () => param([1, 2]).pow(2).sum(), { check: "fast" });
    expect(r.checks).toEqual([]);
    expect(r.warnings.join(" ")).toMatch(/created inside loss\(\)/);
  });

  test("parameters not named by a variable get stable generated names", () => {
    const r = trace(FILE, () => {
      const ws = [param(1), param(2)];
      return () => ws[0].mul(ws[1]);
    }, { check: "off" });
    expect(r.parameters.map((p) => p.name)).toEqual(["param0", "param1"]);
  });
});

describe("leaf recording", () => {
  test("records creation sites while on, restores the previous observer when stopped", () => {
    const e = envFor(FILE);
    const rec = startLeafRecording(e.locate);
    const w = param(1);
    rec.stop();
    const later = param(2);
    expect(rec.locOf(w)).toMatchObject({ file: FILE, line: expect.any(Number) });
    expect(rec.locOf(later)).toBeNull();
    expect(getObserver()).toBeNull();
    rec.stop();
    expect(getObserver()).toBeNull();
  });

  test("an op result computed while the model loads gets its line and its variable's name", () => {
    const r = trace(FILE, () => {
      manualSeed(1);
      const w = param([[0.5, -1, 2, 0.25]]);
      const scaled = randn([16, 4]).mul(3);
      return () => scaled.matmul(w.t()).pow(2).mean();
    });
    const scaled = r.graph.nodes.find((n) => n.op === "mul")!;
    expect(scaled.loc).toMatchObject({ file: FILE, line: lineOf(readFileSync(FILE, "utf8"), "const scaled = randn") });
    expect(scaled.label).toBe("scaled");
  });

  test("op results made while loading are located up to MAX_LOAD_OPS, then no more stacks are walked", () => {
    const { locate, calls } = countingLocate(FILE);
    const rec = startLeafRecording(locate);
    const x = tensor([1, 2]);
    const many: Tensor[] = [];
    for (let i = 0; i < MAX_LOAD_OPS + 50; i++) many.push(x.mul(i));
    rec.stop();
    expect(calls()).toBe(1 + MAX_LOAD_OPS);
    expect(rec.locOf(many[0])).not.toBeNull();
    expect(rec.locOf(many[MAX_LOAD_OPS - 1])).not.toBeNull();
    expect(rec.locOf(many[MAX_LOAD_OPS])).toBeNull();
  });
});
