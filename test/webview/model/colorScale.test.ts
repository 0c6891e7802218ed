import { describe, expect, it } from "vitest";
import { PALETTE, colorForNorm, legendTicks, normPosition, paletteAt, scaleForNorms } from "../../../webview/model/colorScale";

describe("scaleForNorms", () => {
  it("spans whole decades from the smallest to the largest norm", () => {
    expect(scaleForNorms([2e-4, 3e-2, 0.5])).toEqual({ lo: -4, hi: 0 });
  });

  it("ignores zeros, nulls, NaN and infinities", () => {
    expect(scaleForNorms([0, null, undefined, NaN, Infinity, 5e-3, 0.2])).toEqual({ lo: -3, hi: 0 });
  });

  it("keeps at least two decades", () => {
    const s = scaleForNorms([0.5, 0.6]);
    expect(s.hi - s.lo).toBeGreaterThanOrEqual(2);
    expect(s.lo).toBeLessThanOrEqual(Math.log10(0.5));
    expect(s.hi).toBeGreaterThanOrEqual(Math.log10(0.6));
  });

  it("lets a few underflowing outliers take the coldest colour instead of widening the scale", () => {
    const norms = [...Array.from({ length: 99 }, (_, i) => 1e-2 * (1 + i / 10)), 1e-30];
    expect(scaleForNorms(norms).lo).toBe(-2);
  });

  it("falls back to a default when nothing has a magnitude", () => {
    expect(scaleForNorms([null, 0])).toEqual({ lo: -3, hi: 1 });
  });
});

describe("colorForNorm", () => {
  const scale = { lo: -4, hi: 0 };

  it("maps log10 of the norm linearly onto the palette", () => {
    expect(normPosition(1e-4, scale)).toBe(0);
    expect(normPosition(1e-2, scale)).toBeCloseTo(0.5, 12);
    expect(normPosition(1, scale)).toBe(1);
    const c = colorForNorm(1e-2, scale);
    expect(c.kind).toBe("value");
    if (c.kind === "value") expect(c.t).toBeCloseTo(0.5, 12);
  });

  it("clamps norms outside the scale to its ends", () => {
    expect(colorForNorm(1e-9, scale)).toEqual({ kind: "value", color: PALETTE[0], t: 0 });
    expect(colorForNorm(1e6, scale)).toEqual({ kind: "value", color: PALETTE[PALETTE.length - 1], t: 1 });
  });

  it("separates no gradient, an exact zero and non-finite values", () => {
    expect(colorForNorm(null, scale).kind).toBe("none");
    expect(colorForNorm(0, scale).kind).toBe("zero");
    expect(colorForNorm(Infinity, scale).kind).toBe("nonfinite");
    expect(colorForNorm(0.1, scale, true).kind).toBe("nonfinite");
  });
});

describe("paletteAt", () => {
  it("returns the stops at their positions and valid colours between them", () => {
    expect(paletteAt(0)).toBe(PALETTE[0]);
    expect(paletteAt(1)).toBe(PALETTE[PALETTE.length - 1]);
    expect(paletteAt(0.2)).toBe(PALETTE[1]);
    for (let t = 0; t <= 1; t += 0.05) expect(paletteAt(t)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("legendTicks", () => {
  it("puts one tick per decade when there is room", () => {
    expect(legendTicks({ lo: -3, hi: 0 }).map((t) => t.exponent)).toEqual([-3, -2, -1, 0]);
  });

  it("thins the ticks of a wide scale but keeps the top decade", () => {
    const ticks = legendTicks({ lo: -16, hi: 0 }, 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks[ticks.length - 1]).toEqual({ exponent: 0, t: 1 });
  });
});
