// Variable names from source text and call locations: what a free param or an op result was assigned to.
import { describe, expect, test } from "vitest";
import { SourceText, uniqueNames } from "../../src/trace/paramNames";

/** The name assigned at the first occurrence of `marker` on `line` (1-based), located at its column. */
function nameAt(text: string, line: number, marker: string, occurrence = 0): string | null {
  const src = new SourceText(text, "m.ts");
  const row = text.split("\n")[line - 1];
  let col = -1;
  for (let k = 0; k <= occurrence; k++) col = row.indexOf(marker, col + 1);
  return src.assignedName({ file: "m.ts", line, column: col + 1 });
}

describe("assignedName", () => {
  test("const/let/var assignments, with or without a type annotation", () => {
    expect(nameAt("const w1 = param(0.5);", 1, "param")).toBe("w1");
    expect(nameAt("let bias: Tensor = bl.param([1, 2]);", 1, "param")).toBe("bias");
    expect(nameAt("var x = randn([3, 4], { requiresGrad: true })", 1, "randn")).toBe("x");
  });

  test("several declarations on one line are told apart by column", () => {
    const line = "const x = param(3), y = param(-2);";
    expect(nameAt(line, 1, "param", 0)).toBe("x");
    expect(nameAt(line, 1, "param", 1)).toBe("y");
  });

  test("object-literal properties", () => {
    expect(nameAt("const ps = { w1: param(0.5), b1: param(0.1) };", 1, "param", 1)).toBe("b1");
  });

  test("only the call that is the whole right-hand side gets the name", () => {
    const line = "const f1 = w1.mul(x).add(b1);";
    expect(nameAt(line, 1, "mul")).toBeNull();
    expect(nameAt(line, 1, "add")).toBe("f1");
    expect(nameAt("const y = foo(x.mul(2));", 1, "mul")).toBeNull();
    expect(nameAt("return a.add(b);", 1, "add")).toBeNull();
    expect(nameAt("this.w = param(1);", 1, "param")).toBeNull();
    expect(nameAt("if (a == b.sum()) {}", 1, "sum")).toBeNull();
  });

  test("a call continued on the next line, and locations in other files", () => {
    expect(nameAt("const h = model.forward(\n  x);", 1, "forward")).toBe("h");
    expect(new SourceText("const a = param(1);", "m.ts").assignedName({ file: "other.ts", line: 1, column: 11 })).toBeNull();
    expect(new SourceText("const a = param(1);").assignedName({ file: "any.ts", line: 9, column: 1 })).toBeNull();
  });
});

test("uniqueNames numbers repeats", () => {
  expect(uniqueNames(["w", "b", "w", "w"])).toEqual(["w", "b", "w#2", "w#3"]);
});
