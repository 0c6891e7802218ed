import { describe, expect, test } from "vitest";
import { hasModelExtension, importsBackpropLens } from "../../../src/extension/model/modelFile";

describe("model files", () => {
  test("have the runner's extensions, declaration files excluded", () => {
    expect(["a.ts", "a.mts", "a.js", "A.MJS"].map(hasModelExtension)).toEqual([true, true, true, true]);
    expect(["a.d.ts", "a.d.mts", "a.tsx", "a.py", "ts"].map(hasModelExtension)).toEqual([false, false, false, false, false]);
  });
  test("import backprop-lens in any of the module syntaxes", () => {
    expect(importsBackpropLens('import { nn } from "backprop-lens";')).toBe(true);
    expect(importsBackpropLens("import {\n  nn,\n} from 'backprop-lens'")).toBe(true);
    expect(importsBackpropLens('const bl = require("backprop-lens");')).toBe(true);
    expect(importsBackpropLens('const bl = await import("backprop-lens");')).toBe(true);
    expect(importsBackpropLens('import "backprop-lens";')).toBe(true);
    expect(importsBackpropLens('import { nn } from "backprop-lens-extra";')).toBe(false);
    expect(importsBackpropLens("// backprop-lens is great")).toBe(false);
  });
});
