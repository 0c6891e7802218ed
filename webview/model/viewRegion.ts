// The part of a large laid-out graph worth drawing: what the view shows, plus a margin, so that a
// graph of tens of thousands of boxes costs the boxes on screen, not all of them. Layout coordinates.
import type { Box } from "./layoutResult";
import type { ViewTransform } from "./viewState";

/** Above this many boxes only the region around the view is drawn (and redrawn as the view moves). */
export const CULL_ABOVE = 1500;

/** A rectangle in layout coordinates (a Box). */
export type Rect = Box;

/** The layout rectangle a view of a `width` × `height` screen shows (screen = content × k + (x, y)). */
export function viewRect(view: ViewTransform, width: number, height: number): Rect {
  return { x: -view.x / view.k, y: -view.y / view.k, width: width / view.k, height: height / view.k };
}

/** The region to draw for a view: its rectangle grown by `margin` of its size on every side. */
export function drawRegion(visible: Rect, margin = 1): Rect {
  const dx = visible.width * margin;
  const dy = visible.height * margin;
  return { x: visible.x - dx, y: visible.y - dy, width: visible.width + 2 * dx, height: visible.height + 2 * dy };
}

/** True if `inner` lies inside `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** True if the rectangles overlap (touching counts). */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** The bounding rectangle of a polyline. */
export function boundsOf(points: readonly { x: number; y: number }[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.x < x0) x0 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.x > x1) x1 = p.x;
    if (p.y > y1) y1 = p.y;
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
