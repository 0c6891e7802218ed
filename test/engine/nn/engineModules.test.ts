// The module classes of the `nn` namespace are engine code (the API marks them, so the tracer
// locates their ops once per call): their instances are engine-bodied, user subclasses are not.
import { expect, test } from "vitest";
import { nn } from "backprop-lens";
import { hasEngineBody } from "../../../src/engine/nn/module";

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
