// The tracer on models built from the engine's nn modules and optimizers, through the public API as a
// model file uses it (DESIGN.md's example): Sequential paths, activation rows, checks and history.
import { expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { manualSeed, nn, optim, randint, randn } from "backprop-lens";
import { trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);

test("DESIGN.md's example: Sequential(Linear, Tanh, Linear), cross-entropy, SGD", () => {
  const r = trace(FILE, () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const x = randn([16, 4]);
    const y = randint(0, 3, [16]);
    return { model, loss: () => nn.functional.crossEntropy(model.forward(x), y), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), steps: 5 };
  }, { check: "sample" });
  expect(r.layers.map((l) => [l.name, l.kind, l.role])).toEqual([["0", "Linear", "params"], ["1", "Tanh", "activation"], ["2", "Linear", "params"]]);
  expect(r.parameters.map((p) => p.name)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  expect(r.checks.every((c) => c.status === "pass")).toBe(true);
  expect(r.history).toHaveLength(5);
  expect(r.layers[0].updateRatio).toBeGreaterThan(0);
  expect(r.layers[0].loc?.file).toBe(FILE);
  expect(r.graph.nodes.find((n) => n.op === "tanh")?.module).toBe("1");
  expect(r.graph.modules).toEqual({ "": "Sequential", "0": "Linear", "1": "Tanh", "2": "Linear" });
});

test("dropout masks repeat across passes, so the checks of a model with dropout pass", () => {
  const r = trace(FILE, () => {
    manualSeed(1);
    const model = new nn.Sequential(new nn.Linear(6, 10), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(10, 1));
    const x = randn([12, 6]);
    return { model, loss: () => model.forward(x).pow(2).mean() };
  }, { check: "sample" });
  expect(r.checks.map((c) => c.status)).not.toContain("fail");
  expect(r.layers.map((l) => l.name)).toEqual(["0", "1", "3"]);
});
