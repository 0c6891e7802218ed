// Where the graph opens: the whole drawing when it stays readable; otherwise its top at a readable
// scale, centred on the boxes of that first screenful (not on the whole drawing's width, which would
// leave the boxes at the top half off screen when the drawing widens further down), and starting at
// the first boxes in those columns (not at an empty band above them).
import type { Box } from "./layoutResult";
import type { ViewTransform } from "./viewState";

/** Screen margin around the drawing (fit-to-view keeps it too). */
export const MARGIN = 8;

/**
 * The opening view of `content` (its size and boxes) in a `screen` area whose top `inset` pixels are
 * covered (by a notice), or null when it fits whole at `minK` or more (then fit it). Scales at most 1,
 * and at least `minK` when the width needs less.
 */
export function firstView(screen: { width: number; height: number }, content: { width: number; height: number; boxes: Iterable<Box> }, minK: number, inset = 0): ViewTransform | null {
  const full = Math.min((screen.width - 2 * MARGIN) / content.width, (screen.height - inset - 2 * MARGIN) / content.height);
  if (full >= minK) return null;
  const k = Math.min(1, Math.max(minK, (screen.width - 2 * MARGIN) / content.width));
  const bottom = (screen.height - inset - MARGIN) / k;
  const boxes = [...content.boxes];
  let left = Infinity;
  let right = -Infinity;
  for (const b of boxes) {
    if (b.y > bottom) continue;
    left = Math.min(left, b.x);
    right = Math.max(right, b.x + b.width);
  }
  if (left > right) {
    left = 0;
    right = content.width;
  }
  // Centre the first screenful's boxes; if they are wider than the screen, start at their left.
  const x = (right - left) * k <= screen.width - 2 * MARGIN ? screen.width / 2 - ((left + right) / 2) * k : MARGIN - left * k;
  // Start at the first boxes in these columns: the drawing's top may lie elsewhere (to the right).
  const from = -x / k;
  const to = (screen.width - x) / k;
  let top = Infinity;
  let drawingTop = Infinity;
  for (const b of boxes) {
    drawingTop = Math.min(drawingTop, b.y);
    if (b.x < to && b.x + b.width > from) top = Math.min(top, b.y);
  }
  const drop = Number.isFinite(top) ? top - drawingTop : 0;
  return { x, y: MARGIN + inset - drop * k, k };
}
