// Training history: with an optimizer and a number of steps, every step's loss, gradient norms and
// update ratios are recorded; for plain SGD the update is exactly lr·g, so ‖Δw‖/‖w‖ = lr·‖g‖/‖w‖.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { param, randn, tensor } from "../../src/engine/creation";
import { Module } from "../../src/engine/nn/module";
import { manualSeed } from "../../src/engine/random";
import { SGD } from "../../src/engine/optim/sgd";
import type { Tensor } from "../../src/engine/tensor";
import { Lin, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);
const LR = 0.05;

class TwoLayer extends Module {
  hidden = new Lin([[0.2, -0.1], [0.4, 0.3], [-0.3, 0.1]], [0, 0.1, -0.1]);
  out = new Lin([[0.5, -0.4, 0.3]], [0.05]);

  forward(x: Tensor): Tensor {
    return this.out.forward(this.hidden.forward(x).tanh());
  }
}

const spec = (steps: number) => () => {
  manualSeed(11);
  const model = new TwoLayer();
  const x = randn([8, 2]);
  const y = x.select(1, 0).mul(x.select(1, 1)).unsqueeze(1);
  return { model, loss: () => model.forward(x).sub(y).pow(2).mean(), optimizer: new SGD(model.parameters(), { lr: LR }), steps };
};

describe("training history", () => {
  const r = trace(FILE, spec(5), { check: "off" });

  test("records one entry per step, the loss going down", () => {
    expect(r.history.map((h) => h.step)).toEqual([1, 2, 3, 4, 5]);
    const losses = r.history.map((h) => Number(h.loss));
    expect(losses[0]).toBe(r.loss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(r.history[0].paramGradNorms).toHaveLength(r.parameters.length);
    expect(r.history[0].layerGradNorms).toHaveLength(r.layers.length);
  });

  test("the first step's gradients are the traced ones; SGD's update ratio is lr·‖g‖/‖w‖", () => {
    const first = r.history[0];
    r.parameters.forEach((p, i) => {
      expect(first.paramGradNorms[i]).toBeCloseTo(p.gradNorm!, 12);
      expect(first.paramUpdateRatios[i]).toBeCloseTo((LR * p.gradNorm!) / p.valueNorm!, 12);
      expect(p.updateRatio).toBe(first.paramUpdateRatios[i]);
    });
    const hidden = r.layers.find((l) => l.name === "hidden")!;
    const [w, b] = hidden.params.map((n) => r.parameters.find((p) => p.name === n)!);
    expect(hidden.updateRatio).toBeCloseTo((LR * Math.hypot(w.gradNorm!, b.gradNorm!)) / Math.hypot(w.valueNorm!, b.valueNorm!), 12);
    expect(first.layerGradNorms[r.layers.indexOf(hidden)]).toBeCloseTo(hidden.paramGradNorm!, 12);
  });

  test("options.steps overrides the file's steps; no optimizer, no history", () => {
    expect(trace(FILE, spec(5), { check: "off", steps: 2 }).history).toHaveLength(2);
    const free = trace(FILE, () => {
      const w = param([1, 2]);
      return { loss: () => w.pow(2).sum(), steps: 3 };
    }, { check: "off" });
    expect(free.history).toEqual([]);
    expect(free.warnings.join(" ")).toMatch(/no optimizer/);
    expect(free.parameters[0].updateRatio).toBeNull();
  });

  test("training stops at a non-finite loss, with a warning", () => {
    const r2 = trace(FILE, () => {
      const w = param([1]);
      const x = tensor([1]);
      // lr 10 on w⁴ diverges: the loss overflows within a few steps.
      return { loss: () => w.mul(x).pow(4).sum(), optimizer: new SGD([w], { lr: 10 }), steps: 50 };
    }, { check: "off" });
    expect(r2.history.length).toBeLessThan(50);
    expect(typeof r2.history[r2.history.length - 1].loss).toBe("string");
    expect(r2.warnings.join(" ")).toMatch(/training stopped at step/);
    expect(JSON.parse(JSON.stringify(r2))).toEqual(r2);
  });
});
