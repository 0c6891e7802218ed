import { describe, expect, test } from "vitest";
import { decadeRange, logBar, makeStyle, num, pad, sparkline, wantsColor, width } from "../../src/cli/style";

describe("style", () => {
  test("num keeps numbers short and readable", () => {
    expect(num(0)).toBe("0");
    expect(num(6)).toBe("6");
    expect(num(0.2486123)).toBe("0.2486");
    expect(num(4.11e-18)).toBe("4.11e-18");
    expect(num(879015.99)).toBe("8.79e5");
    expect(num("NaN")).toBe("NaN");
    expect(num("-Infinity")).toBe("-Inf");
    expect(num(null)).toBe("—");
  });

  test("log bars grow by decades between the range's ends", () => {
    expect(decadeRange([4e-18, 1.7])).toEqual([-18, 1]);
    expect(decadeRange([5, 6])).toEqual([-2, 2]); // widened to 4 decades
    expect(logBar(1e-18, -18, 1, 10).trim()).toBe("▏"); // the smallest still shows
    expect(logBar(10, -18, 1, 10)).toBe("█".repeat(10));
    expect(width(logBar(1e-8, -18, 1, 10))).toBe(10);
    expect(logBar(null, -18, 1, 10)).toBe(" ".repeat(10));
  });

  test("colour only when wanted, and padding ignores escape codes", () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    const red = makeStyle(true).red("ab");
    expect(red).not.toBe("ab");
    expect(width(red)).toBe(2);
    expect(width(pad(red, 5))).toBe(5);
    expect(makeStyle(false).red("ab")).toBe("ab");
  });

  test("sparklines scale from the lowest to the highest value", () => {
    expect(sparkline([3, 2, 1], 10)).toBe("█▅▁") // the middle value rounds up to the upper half;
    expect(sparkline([1, Number.NaN], 10)).toBe("▄·");
    expect([...sparkline(Array.from({ length: 100 }, (_, i) => i), 40)].length).toBe(40);
  });
});
