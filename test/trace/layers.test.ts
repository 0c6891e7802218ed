// Layer rows and verdicts: gradient norms against PyTorch's (deep sigmoid and large-init ReLU MLPs
// from the reference cases), vanishing / exploding / dead-relu / saturated flags, depth order and
// module paths on graph nodes.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { Module } from "../../src/engine/nn/module";
import { manualSeed } from "../../src/engine/random";
import { randn, tensor } from "../../src/engine/creation";
import type { Tensor } from "../../src/engine/tensor";
import type { LayerInfo } from "../../src/protocol";
import { Lin, close, loadCase, rows, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);

/** The reference cases' 20-layer MLP: l1..l20, activation after l1..l19, MSE loss. */
class DeepMLP extends Module {
  [layer: `l${number}`]: Lin;

  constructor(
    caseName: string,
    readonly act: (h: Tensor) => Tensor,
  ) {
    super();
    const ref = loadCase(caseName);
    for (let k = 1; k <= 20; k++) {
      const w = ref.params.find((p) => p.name === `l${k}.weight`)!;
      const b = ref.params.find((p) => p.name === `l${k}.bias`)!;
      this[`l${k}`] = new Lin(rows(w), b.data.map(Number));
    }
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (let k = 1; k <= 20; k++) {
      h = this[`l${k}`].forward(h);
      if (k < 20) h = this.act(h);
    }
    return h;
  }
}

function deepSpec(caseName: string, act: (h: Tensor) => Tensor) {
  const ref = loadCase(caseName);
  const input = (name: string) => ref.inputs.find((t) => t.name === name)!;
  const model = new DeepMLP(caseName, act);
  const x = tensor(rows(input("x")));
  const target = tensor(rows(input("target")));
  return { model, loss: () => model.forward(x).sub(target).pow(2).mean() };
}

function refNorms(caseName: string, k: number): { param: number; out: number } {
  const row = loadCase(caseName).grad_norms!.layers[k - 1];
  const w = Number(row[`param:l${k}.weight`]);
  const b = Number(row[`param:l${k}.bias`]);
  return { param: Math.hypot(w, b), out: Number(row[`act:z${k}`]) };
}

const named = (layers: LayerInfo[], name: string): LayerInfo => layers.find((l) => l.name === name)!;

describe("a 20-layer sigmoid MLP (PyTorch default init)", () => {
  const r = trace(FILE, () => deepSpec("model_deep_sigmoid_mlp_20", (h) => h.sigmoid()), { check: "off" });

  test("layers come in depth order with PyTorch's gradient norms", () => {
    expect(r.layers.map((l) => l.name)).toEqual(Array.from({ length: 20 }, (_, i) => `l${i + 1}`));
    for (let k = 1; k <= 20; k++) {
      const l = r.layers[k - 1];
      const ref = refNorms("model_deep_sigmoid_mlp_20", k);
      expect(close(l.paramGradNorm, ref.param, 1e-8), `l${k} param`).toBe(true);
      expect(close(l.outGradNorm, ref.out, 1e-8), `l${k} out`).toBe(true);
    }
  });

  test("flags its first layers vanishing and not its last", () => {
    for (const k of [1, 2, 3, 4, 5]) expect(named(r.layers, `l${k}`).flags).toContain("vanishing");
    expect(named(r.layers, "l20").flags).not.toContain("vanishing");
    expect(named(r.layers, "l19").flags).not.toContain("vanishing");
    expect(named(r.layers, "l1").reasons.join(" ")).toMatch(/below/);
    expect(r.layers.some((l) => l.flags.includes("exploding"))).toBe(false);
    // The sigmoid after each hidden layer is reported on that layer.
    expect(named(r.layers, "l1").activation).toBe("sigmoid");
    expect(named(r.layers, "l20").activation).toBeNull();
  });
});

describe("a 20-layer ReLU MLP with N(0, 1) weights", () => {
  const r = trace(FILE, () => deepSpec("model_deep_relu_mlp_20_large_init", (h) => h.relu()), { check: "off" });

  test("gradient norms match PyTorch and every layer is flagged exploding", () => {
    for (let k = 1; k <= 20; k++) {
      const ref = refNorms("model_deep_relu_mlp_20_large_init", k);
      expect(close(r.layers[k - 1].paramGradNorm, ref.param, 1e-8), `l${k}`).toBe(true);
      expect(r.layers[k - 1].flags).toContain("exploding");
    }
    expect(r.layers[0].reasons.join(" ")).toMatch(/above 1000/);
  });
});

class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** Layers in an array field, so paths are `layers.0`, `layers.1`, … */
class Stack extends Module {
  constructor(readonly layers: Module[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, m) => (m as Module & { forward(t: Tensor): Tensor }).forward(h), x);
  }
}

const fill = (rowsN: number, cols: number, f: (i: number, j: number) => number): number[][] =>
  Array.from({ length: rowsN }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));

describe("activation modules", () => {
  test("a ReLU layer whose units are all negative is flagged dead-relu; paths like layers.1 appear on nodes", () => {
    const r = trace(FILE, () => {
      manualSeed(3);
      const x = randn([8, 3]);
      // Units 0..2 get bias −100 (dead for every example), unit 3 stays alive.
      const model = new Stack([new Lin(fill(4, 3, (i, j) => 0.1 * (i + j)), [-100, -100, -100, 5]), new ReLU(), new Lin(fill(1, 4, () => 0.5), [0])]);
      return { model, loss: () => model.forward(x).pow(2).mean() };
    });
    expect(r.layers.map((l) => [l.name, l.role])).toEqual([["layers.0", "params"], ["layers.1", "activation"], ["layers.2", "params"]]);
    const relu = named(r.layers, "layers.1");
    expect(relu.deadFraction).toBe(0.75);
    expect(relu.flags).toContain("dead-relu");
    expect(relu.kind).toBe("ReLU");
    expect(r.graph.nodes.find((n) => n.op === "relu")!.module).toBe("layers.1");
    expect(r.graph.nodes.find((n) => n.op === "matmul")!.module).toBe("layers.0");
    const w0 = r.graph.nodes.find((n) => n.label === "layers.0.weight")!;
    expect([w0.kind, w0.module]).toEqual(["param", "layers.0"]);
    expect(relu.outputNodes).toEqual([r.graph.nodes.find((n) => n.op === "relu")!.id]);
  });

  test("tanh fed by large weights is flagged saturated, a calm one is not", () => {
    const build = (scale: number) => () => {
      manualSeed(4);
      const x = randn([16, 4]);
      const model = new Stack([new Lin(fill(6, 4, (i, j) => scale * Math.sin(i * 4 + j + 1)), fill(1, 6, () => 0)[0]), new Tanh(), new Lin(fill(1, 6, () => 0.3), [0])]);
      return { model, loss: () => model.forward(x).mean() };
    };
    const hot = named(trace(FILE, build(20), { check: "off" }).layers, "layers.1");
    expect(hot.activation).toBe("tanh");
    expect(hot.saturatedFraction!).toBeGreaterThan(0.8);
    expect(hot.flags).toContain("saturated");
    const calm = named(trace(FILE, build(0.05), { check: "off" }).layers, "layers.1");
    expect(calm.saturatedFraction).toBe(0);
    expect(calm.flags).toEqual([]);
  });

  test("depth order follows execution, not field order", () => {
    class Reversed extends Module {
      out = new Lin([[1, 1]], [0]);
      hidden = new Lin([[0.5, -0.5], [0.25, 0.75]], [0.1, 0.1]);
      forward(x: Tensor): Tensor {
        return this.out.forward(this.hidden.forward(x).tanh());
      }
    }
    const r = trace(FILE, () => {
      const model = new Reversed();
      const x = tensor([[1, 2]]);
      return { model, loss: () => model.forward(x).sum() };
    });
    expect(r.layers.map((l) => [l.name, l.depth])).toEqual([["hidden", 0], ["out", 1]]);
    expect(named(r.layers, "hidden").activation).toBe("tanh");
    expect(named(r.layers, "hidden").params).toEqual(["hidden.weight", "hidden.bias"]);
  });
});
