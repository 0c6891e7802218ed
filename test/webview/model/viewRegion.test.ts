// The region of a large graph drawn around the view: the view's layout rectangle, its margin, and
// the containment and overlap tests that decide what to draw and when to draw again.
import { describe, expect, it } from "vitest";
import { boundsOf, contains, drawRegion, intersects, viewRect } from "../../../webview/model/viewRegion";

describe("view region", () => {
  it("maps the screen back to layout coordinates (screen = content × k + (x, y))", () => {
    expect(viewRect({ x: -200, y: 100, k: 2 }, 800, 600)).toEqual({ x: 100, y: -50, width: 400, height: 300 });
  });

  it("grows the view by a margin of its size on every side", () => {
    expect(drawRegion({ x: 100, y: 50, width: 400, height: 300 })).toEqual({ x: -300, y: -250, width: 1200, height: 900 });
    expect(drawRegion({ x: 0, y: 0, width: 10, height: 10 }, 0.5)).toEqual({ x: -5, y: -5, width: 20, height: 20 });
  });

  it("contains and intersects: inside, edges touching, outside", () => {
    const outer = { x: 0, y: 0, width: 100, height: 100 };
    expect(contains(outer, { x: 10, y: 10, width: 90, height: 90 })).toBe(true);
    expect(contains(outer, { x: 10, y: 10, width: 91, height: 10 })).toBe(false);
    expect(intersects(outer, { x: 100, y: 50, width: 5, height: 5 })).toBe(true);
    expect(intersects(outer, { x: 101, y: 50, width: 5, height: 5 })).toBe(false);
    expect(intersects(outer, { x: -20, y: -20, width: 200, height: 10 })).toBe(false);
    expect(intersects(outer, { x: -20, y: -20, width: 200, height: 30 })).toBe(true);
  });

  it("bounds a polyline", () => {
    expect(boundsOf([{ x: 5, y: 9 }, { x: 1, y: 12 }, { x: 7, y: 3 }])).toEqual({ x: 1, y: 3, width: 6, height: 9 });
  });
});
