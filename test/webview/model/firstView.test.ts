// The opening view of the graph: fit when readable, else the top at a readable scale, centred on the
// boxes of the first screenful rather than on the whole drawing.
import { describe, expect, it } from "vitest";
import { firstView } from "../../../webview/model/firstView";

const box = (x: number, y: number, width = 100, height = 40) => ({ x, y, width, height });

describe("first view", () => {
  it("fits a drawing that stays readable whole", () => {
    expect(firstView({ width: 800, height: 600 }, { width: 600, height: 500, boxes: [box(0, 0)] }, 0.55)).toBeNull();
  });

  it("centres the first screenful's boxes, not the whole drawing, when the drawing widens further down", () => {
    // A narrow column at the left of the top; far below, a row 3,000 px wide.
    const boxes = [box(100, 10), box(100, 80), box(0, 5000, 3000)];
    const v = firstView({ width: 600, height: 600 }, { width: 3000, height: 6000, boxes }, 0.55)!;
    expect(v.k).toBe(0.55);
    // The column's centre (x = 150) lands in the screen's middle.
    expect(150 * v.k + v.x).toBeCloseTo(300, 9);
    expect(v.y).toBe(8);
  });

  it("starts at the left of the first screenful's boxes when they are wider than the screen", () => {
    const boxes = [box(400, 0, 1500), box(0, 5000, 3000)];
    const v = firstView({ width: 600, height: 600 }, { width: 3000, height: 6000, boxes }, 0.55)!;
    expect(400 * v.k + v.x).toBeCloseTo(8, 9);
  });

  it("zooms no further in than 1 when the drawing is narrow and tall", () => {
    const v = firstView({ width: 800, height: 600 }, { width: 200, height: 9000, boxes: [box(50, 0)] }, 0.55)!;
    expect(v.k).toBe(1);
    expect(100 * v.k + v.x).toBeCloseTo(400, 9);
  });

  it("starts below a notice that covers the top of the canvas", () => {
    const boxes = [box(100, 0), box(0, 5000, 3000)];
    const v = firstView({ width: 600, height: 600 }, { width: 3000, height: 6000, boxes }, 0.55, 70)!;
    expect(0 * v.k + v.y).toBe(78);
  });

  it("starts at the first boxes in its columns when the drawing's top lies elsewhere", () => {
    // The top rows sit far to the right; the left columns, where the view opens, start at y = 600.
    const boxes = [box(5000, 0, 1500), box(5000, 100, 1500), box(0, 600, 9000), box(0, 700, 9000)];
    const v = firstView({ width: 600, height: 600 }, { width: 9000, height: 6000, boxes }, 0.55)!;
    expect(0 * v.k + v.x).toBeCloseTo(8, 9);
    expect(600 * v.k + v.y).toBeCloseTo(8, 9);
  });
});
