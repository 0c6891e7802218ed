import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TraceResult } from "../../../src/protocol";
import { paramsAtCreation, paramsOfDeclaration } from "../../../src/extension/model/paramLookup";
import { offsetAt } from "../../../src/extension/model/sourceSpan";
import { removeWrittenFiles, writeFiles } from "../../runner/buildWorker";
import { example, startRunner, stopRunner, trace } from "../traceFixtures";

const mlp = example("mlp.ts");
const exploding = example("exploding-init.ts");
let mlpResult: TraceResult;
let explodingResult: TraceResult;

beforeAll(async () => {
  await startRunner();
  [mlpResult, explodingResult] = await Promise.all([trace(mlp.file), trace(exploding.file)]);
});
afterAll(() => {
  stopRunner();
  removeWrittenFiles();
});

const offsetOf = (text: string, needle: string, delta = 0): number => {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(needle);
  return i + delta;
};
const names = (ps: { name: string }[]): string[] => ps.map((p) => p.name);

describe("paramsAtCreation", () => {
  test("hovering inside `new nn.Linear(4, 8)` gives that layer's weight and bias, not the other Linear's", () => {
    expect(names(paramsAtCreation(mlpResult, mlp.file, mlp.text, offsetOf(mlp.text, "new nn.Linear(4, 8)", 9)))).toEqual(["0.weight", "0.bias"]);
    expect(names(paramsAtCreation(mlpResult, mlp.file, mlp.text, offsetOf(mlp.text, "new nn.Linear(8, 3)", 15)))).toEqual(["2.weight", "2.bias"]);
  });

  test("gives nothing on a line without a creation call, or for another file", () => {
    expect(paramsAtCreation(mlpResult, mlp.file, mlp.text, offsetOf(mlp.text, "randn([16, 4])"))).toEqual([]);
    expect(paramsAtCreation(mlpResult, "/elsewhere/mlp.ts", mlp.text, offsetOf(mlp.text, "new nn.Linear(4, 8)", 9))).toEqual([]);
  });

  test("a creation call in a loop gives every parameter made there", () => {
    const found = paramsAtCreation(explodingResult, exploding.file, exploding.text, offsetOf(exploding.text, "new nn.Linear(width, width)", 4));
    expect(found.length).toBe(16);
    expect(names(found).slice(0, 2)).toEqual(["0.weight", "0.bias"]);
  });
});

describe("paramsOfDeclaration", () => {
  test("the declaration of `model` gives every parameter its initializer created", () => {
    const line = mlp.text.split("\n").findIndex((l) => l.startsWith("const model")) + 1;
    expect(names(paramsOfDeclaration(mlpResult, mlp.file, mlp.text, offsetAt(mlp.text, line, 7)))).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });

  test("a declaration that created no parameter gives none", () => {
    expect(paramsOfDeclaration(mlpResult, mlp.file, mlp.text, offsetOf(mlp.text, "x = randn"))).toEqual([]);
  });

  test("a field set in the constructor (`this.fc1 = new nn.Linear(…)`) is found from its declaration", async () => {
    const text = [
      'import { nn, randn } from "backprop-lens";',
      "class Net extends nn.Module {",
      "  readonly fc1: nn.Linear;",
      "  readonly fc2 = new nn.Linear(3, 1);",
      "  constructor() {",
      "    super();",
      "    this.fc1 = new nn.Linear(2, 3);",
      "  }",
      "  forward(x: ReturnType<typeof randn>) {",
      "    return this.fc2.forward(this.fc1.forward(x).tanh());",
      "  }",
      "}",
      "const net = new Net();",
      "const x = randn([4, 2]);",
      "export default { model: net, loss: () => net.forward(x).pow(2).mean() };",
      "",
    ].join("\n");
    const file = `${writeFiles({ "net.ts": text })}/net.ts`;
    const result = await trace(file);
    expect(names(paramsOfDeclaration(result, file, text, offsetOf(text, "fc1:")))).toEqual(["fc1.weight", "fc1.bias"]);
    expect(names(paramsOfDeclaration(result, file, text, offsetOf(text, "fc2 =")))).toEqual(["fc2.weight", "fc2.bias"]);
  });
});
