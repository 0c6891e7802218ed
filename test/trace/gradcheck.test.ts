// Finite-difference checks in the trace: a wrong custom backward fails and is named, correct models
// pass full checks, kinks are not failures, modes check what they promise, and the engine's
// generator is reset so random draws inside loss() repeat.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { param, randn, tensor } from "../../src/engine/creation";
import { customOp } from "../../src/engine/customOp";
import { Module } from "../../src/engine/nn/module";
import { type OpDef, raw, runOp } from "../../src/engine/ops/opDef";
import { manualSeed } from "../../src/engine/random";
import type { Tensor } from "../../src/engine/tensor";
import { Lin, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);

/** x³ with the backward the user wrote: right (3x²) or wrong (2x²). */
const cubeOp = (factor: number) =>
  customOp(factor === 3 ? "cube" : "badCube", {
    forward: (x) => x.pow(3),
    backward: (g, [x]) => [g.mul(x.pow(2)).mul(factor)],
  });

class Net extends Module {
  first = new Lin([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]], [0.1, -0.1, 0.05]);
  second = new Lin([[0.7, -0.3, 0.2]], [0.02]);

  constructor(readonly cube: (x: Tensor) => Tensor) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.second.forward(this.cube(this.first.forward(x).tanh()));
  }
}

const netSpec = (factor: number) => () => {
  const model = new Net(cubeOp(factor));
  const x = tensor([[1, 2], [-1, 0.5], [0.3, -0.7]]);
  const y = tensor([[0.5], [-0.2], [0.1]]);
  return { model, loss: () => model.forward(x).sub(y).pow(2).mean() };
};

describe("a custom op with a wrong backward", () => {
  const r = trace(FILE, netSpec(2), { check: "sample" });

  test("fails the check of the parameters before it and names the op", () => {
    const status = Object.fromEntries(r.checks.map((c) => [c.param, c.status]));
    expect(status).toEqual({ "first.weight": "fail", "first.bias": "fail", "second.weight": "pass", "second.bias": "pass" });
    const c = r.checks.find((k) => k.param === "first.weight")!;
    expect(c.suspect).toMatchObject({ op: "badCube", custom: true, module: "" });
    expect(c.suspect!.loc?.file).toBe(FILE);
    expect(c.suspect!.evidence).toMatch(/badCube/);
    expect(r.checkSummary.suspects.map((s) => s.op)).toEqual(["badCube"]);
    expect(r.checkSummary).toMatchObject({ failed: 2, passed: 2 });
    expect(r.checks.find((k) => k.param === "second.weight")!.suspect).toBeUndefined();
  });

  test("reports the worst elements with analytic and numeric values", () => {
    const c = r.checks.find((k) => k.param === "first.weight")!;
    expect(c.elementsChecked).toBe(6);
    const w = c.worst[0];
    expect(w.status).toBe("fail");
    // The wrong backward gives 2/3 of the true gradient.
    expect(Number(w.analytic) / Number(w.numeric)).toBeCloseTo(2 / 3, 4);
    expect(Number(w.relError)).toBeCloseTo(1 / 3, 4);
    expect(w.position).toHaveLength(2);
    expect(c.directional.status).toBe("fail");
  });

  test("the fast (directional) check alone catches it", () => {
    const fast = trace(FILE, netSpec(2), { check: "fast" });
    expect(fast.checks.find((k) => k.param === "first.bias")!).toMatchObject({ status: "fail", elementsChecked: 0 });
    expect(fast.checkSummary.suspects[0]?.op).toBe("badCube");
  });
});

describe("a wrong backward in an op that is not a custom op", () => {
  // A primitive-like op (not marked custom) whose backward forgets the factor 2: found by the general
  // scan of intermediate gradients, nearest the loss first.
  const twice: OpDef<Record<string, never>> = {
    forward: ([x]) => raw(x.data.map((v) => 2 * v), x.shape),
    backward: (g) => [g],
  };
  test("is blamed on that op", () => {
    const r = trace(FILE, () => {
      const w = param([0.3, -0.4, 0.5]);
      const x = tensor([1, 2, 3]);
      return () => runOp("twice", twice, [w.mul(x).tanh()], {}).exp().sum();
    }, { check: "fast" });
    expect(r.checks[0].status).toBe("fail");
    expect(r.checks[0].suspect).toMatchObject({ op: "twice", custom: false });
  });
});

describe("correct models", () => {
  test("pass full checks, every element of every parameter", () => {
    const r = trace(FILE, netSpec(3), { check: "full" });
    expect(r.checks.map((c) => [c.param, c.status, c.elementsChecked, c.elementsTotal])).toEqual([
      ["first.weight", "pass", 6, 6],
      ["first.bias", "pass", 3, 3],
      ["second.weight", "pass", 3, 3],
      ["second.bias", "pass", 1, 1],
    ]);
    expect(r.checkSummary).toMatchObject({ mode: "full", failed: 0, kinks: 0, suspects: [] });
    expect(Number(r.checks[0].maxRelError)).toBeLessThan(1e-6);
  });

  test("random draws inside loss() repeat, because the generator is reset before every pass", () => {
    const r = trace(FILE, () => {
      const w = param([0.5, -1, 2]);
      return () => w.mul(randn([3])).tanh().sum();
    }, { check: "full" });
    expect(r.checks[0].status).toBe("pass");
  });

  test("sample mode: all elements up to checkAllUpTo, else the largest |g| plus random ones", () => {
    const r = trace(FILE, () => {
      manualSeed(7);
      const big = param(randn([10, 10]));
      const small = param(randn([5]));
      const x = randn([10]);
      return () => big.matmul(x).tanh().sum().add(small.pow(2).sum());
    }, { check: "sample", sampleSize: 16, sampleLargest: 4 });
    const [big, small] = r.checks;
    expect([big.elementsChecked, big.elementsTotal, small.elementsChecked]).toEqual([16, 100, 5]);
    expect(big.status).toBe("pass");
    expect(r.checkSummary.evaluations).toBe(2 * (1 + 16) + 2 * (1 + 5));
  });

  test("check off runs no evaluations", () => {
    const r = trace(FILE, netSpec(2), { check: "off" });
    expect(r.checks).toEqual([]);
    expect(r.checkSummary).toMatchObject({ mode: "off", evaluations: 0 });
  });
});

describe("kinks", () => {
  test("a relu input exactly at 0 is reported as a kink, not a failure", () => {
    const r = trace(FILE, () => {
      const w = param([0, 1.5]);
      return () => w.relu().sum();
    }, { check: "full" });
    const c = r.checks[0];
    expect(c.status).toBe("kink");
    expect(c.failures).toBe(0);
    const el = c.worst.find((e) => e.index === 0)!;
    expect(el).toMatchObject({ status: "kink", analytic: 0 });
    expect(Number(el.numeric)).toBeCloseTo(0.5, 6);
    expect(el.kinkOp).toMatchObject({ op: "relu", custom: false });
    expect(el.kinkOp!.loc?.file).toBe(FILE);
    expect(c.worst.find((e) => e.index === 1)!.status).toBe("pass");
    expect(r.checkSummary.kinks).toBe(1);
  });

  test("clamp at its bound and a tie in max over a dim are kinks; symmetric abs at 0 simply passes", () => {
    const r = trace(FILE, () => {
      const a = param([0, 2]);
      const b = param([[1, 1]]);
      const c = param([0, -3]);
      return () => a.clamp(0).sum().add(b.max(1).sum()).add(c.abs().sum());
    }, { check: "full" });
    expect(r.checks.map((k) => k.status)).toEqual(["kink", "kink", "pass"]);
    expect(r.checks[0].worst[0].kinkOp?.op).toBe("clamp");
    expect(r.checks[1].worst[0].kinkOp?.op).toBe("max");
    expect(r.checks[1].worst.filter((w) => w.status === "kink")).toHaveLength(2);
  });
});
