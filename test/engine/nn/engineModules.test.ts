// Every module class the `nn` namespace exports is marked as engine code (so the tracer locates its
// ops once per call), its instances are engine-bodied, and user subclasses are not.
import { expect, test } from "vitest";
import { nn } from "backprop-lens";
import { ENGINE_MODULES } from "../../../src/engine/nn/engineModules";
import { hasEngineBody } from "../../../src/engine/nn/module";

const moduleClasses = Object.entries(nn).filter(
  (e): e is [string, typeof nn.Module] => typeof e[1] === "function" && e[1].prototype instanceof nn.Module,
);

test("ENGINE_MODULES lists every module class of nn", () => {
  expect(moduleClasses.length).toBeGreaterThan(25);
  const listed = new Set<unknown>(ENGINE_MODULES);
  expect(moduleClasses.filter(([, cls]) => !listed.has(cls)).map(([name]) => name)).toEqual([]);
});

test("engine modules are engine-bodied; user subclasses, user modules and a user activation are not", () => {
  expect(hasEngineBody(new nn.Linear(2, 2))).toBe(true);
  expect(hasEngineBody(new nn.Sequential(new nn.ReLU()))).toBe(true);
  expect(hasEngineBody(new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 }))).toBe(true);
  class Mine extends nn.Linear {}
  class Own extends nn.Module {
    forward(): number {
      return 1;
    }
  }
  expect(hasEngineBody(new Mine(2, 2))).toBe(false);
  expect(hasEngineBody(new Own())).toBe(false);
  expect(hasEngineBody(new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, activation: (x) => x.tanh() }))).toBe(false);
});
