import { describe, expect, test } from "vitest";
import { callSpanAt, initializerSpan, offsetAt, positionAt, thisAssignmentSpans, wordAt } from "../../../src/extension/model/sourceSpan";

const text = [
  'import { nn } from "backprop-lens";',
  "const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));",
  "const w = param(randn([3, 3]), { name: \"w)\" }); // a ) in a string",
  "const head = new nn.Sequential(",
  "  new nn.Linear(2, 2),",
  "  new nn.ReLU(),",
  ")",
  "  .train();",
  "let a = 1, b = new nn.Linear(1, 1);",
  "const layers: nn.Linear[] = [];",
  "class Net extends nn.Module {",
  "  readonly fc1: nn.Linear;",
  "  fc2 = new nn.Linear(3, 1);",
  "  constructor() { super(); this.fc1 = new nn.Linear(2, 3); }",
  "}",
].join("\n");

const at = (needle: string, nth = 0): number => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(needle);
  return i;
};
const slice = (s: { start: number; end: number } | null): string | null => (s ? text.slice(s.start, s.end) : null);

describe("offsetAt / positionAt", () => {
  test("convert 1-based line and column both ways", () => {
    const o = offsetAt(text, 2, 15);
    expect(text.slice(o, o + 3)).toBe("new");
    expect(positionAt(text, o)).toEqual({ line: 2, column: 15 });
  });
  test("clamp a column past the line's end to the line's end", () => {
    expect(text[offsetAt(text, 1, 999)]).toBe("\n");
  });
});

describe("callSpanAt", () => {
  test("spans a construction with its arguments", () => {
    expect(slice(callSpanAt(text, at("new nn.Linear(4, 8)")))).toBe("new nn.Linear(4, 8)");
    expect(slice(callSpanAt(text, at("new nn.Sequential")))).toBe("new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3))");
  });
  test("skips brackets inside strings and stops at the matching paren", () => {
    expect(slice(callSpanAt(text, at("param(")))).toBe('param(randn([3, 3]), { name: "w)" })');
  });
  test("spans a call over several lines, without the chained method", () => {
    expect(slice(callSpanAt(text, at("new nn.Sequential(\n")))).toBe("new nn.Sequential(\n  new nn.Linear(2, 2),\n  new nn.ReLU(),\n)");
  });
  test("is the bare name when no call follows, and null where no name starts", () => {
    expect(slice(callSpanAt(text, at("model")))).toBe("model");
    expect(callSpanAt(text, at("(4, 8)"))).toBeNull();
  });
});

describe("wordAt", () => {
  test("finds the identifier around an offset", () => {
    expect(slice(wordAt(text, at("model") + 2))).toBe("model");
  });
});

describe("initializerSpan", () => {
  test("is the right-hand side of a declaration", () => {
    expect(slice(initializerSpan(text, at("model")))).toBe("new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3))");
  });
  test("continues over lines while the expression does (a chained call)", () => {
    expect(slice(initializerSpan(text, at("head")))).toBe("new nn.Sequential(\n  new nn.Linear(2, 2),\n  new nn.ReLU(),\n)\n  .train()");
  });
  test("stops at the comma of a multiple declaration", () => {
    expect(slice(initializerSpan(text, at("a = 1")))).toBe("1");
    expect(slice(initializerSpan(text, at("b = new")))).toBe("new nn.Linear(1, 1)");
  });
  test("passes over a type annotation", () => {
    expect(slice(initializerSpan(text, at("layers")))).toBe("[]");
  });
  test("is the initializer of a class field, and null for a field declared without one", () => {
    expect(slice(initializerSpan(text, at("fc2")))).toBe("new nn.Linear(3, 1)");
    expect(initializerSpan(text, at("fc1"))).toBeNull();
  });
});

describe("thisAssignmentSpans", () => {
  test("finds `this.name = …` assignments", () => {
    expect(thisAssignmentSpans(text, "fc1").map(slice)).toEqual(["new nn.Linear(2, 3)"]);
    expect(thisAssignmentSpans(text, "fc3")).toEqual([]);
  });
});
