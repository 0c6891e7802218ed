import { describe, expect, it } from "vitest";
import { baseName, fmtJson, fmtLoc, fmtNum, fmtPercent, fmtShape } from "../../../webview/model/format";

describe("format", () => {
  it("prints numbers with four significant digits, exponents when tiny or huge", () => {
    expect(fmtNum(0.123456)).toBe("0.1235");
    expect(fmtNum(-1.5)).toBe("-1.5");
    expect(fmtNum(42)).toBe("42");
    expect(fmtNum(1.234e-5)).toBe("1.23e-5");
    expect(fmtNum(123456789)).toBe("1.23e8");
    expect(fmtNum(0)).toBe("0");
    expect(fmtNum(null)).toBe("—");
    expect(fmtNum(NaN)).toBe("NaN");
    expect(fmtNum(-Infinity)).toBe("-∞");
  });

  it("decodes the protocol's non-finite texts", () => {
    expect(fmtJson("NaN")).toBe("NaN");
    expect(fmtJson("Infinity")).toBe("∞");
    expect(fmtJson(0.5)).toBe("0.5");
  });

  it("prints shapes as PyTorch does, and 0-d as scalar", () => {
    expect(fmtShape([16, 8])).toBe("[16, 8]");
    expect(fmtShape([])).toBe("scalar");
  });

  it("prints locations by file name", () => {
    expect(fmtLoc({ file: "/a/b/model.ts", line: 12, column: 5 })).toBe("model.ts:12:5");
    expect(baseName("C:\\work\\net.ts")).toBe("net.ts");
    expect(fmtLoc(null)).toBe("");
  });

  it("prints fractions as percentages", () => {
    expect(fmtPercent(0.5)).toBe("50%");
    expect(fmtPercent(0.0123)).toBe("1.2%");
    expect(fmtPercent(null)).toBe("—");
  });
});
