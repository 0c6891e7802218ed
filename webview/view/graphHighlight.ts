// Selection and walk-through marks on the drawn graph: classes only, so they never cost a layout.
import type { VisibleGraph } from "../model/visibleGraph";

/** Walk-through highlight: the current node and the ones already visited. */
export interface WalkHighlight {
  current: number | null;
  visited: ReadonlySet<number>;
}

/** Marks the selected box, its edges, and the walk-through's progress (boxes of hidden nodes stand in for them). */
export function applyHighlights(svg: SVGSVGElement, viewport: SVGGElement, shown: VisibleGraph, selected: string | null, walk: WalkHighlight | null): void {
  const walkKeys = new Map<string, string>();
  if (walk) {
    for (const id of walk.visited) walkKeys.set(shown.repOf[id], "walk-done");
    if (walk.current !== null) walkKeys.set(shown.repOf[walk.current], "walk-current");
  }
  svg.classList.toggle("walk-active", walk !== null);
  for (const el of viewport.querySelectorAll<SVGGElement>("[data-key]")) {
    const key = el.dataset.key!;
    el.classList.toggle("is-selected", key === selected);
    el.classList.toggle("walk-current", walkKeys.get(key) === "walk-current");
    el.classList.toggle("walk-done", walkKeys.get(key) === "walk-done");
  }
  for (const el of viewport.querySelectorAll<SVGPathElement>(".bpl-edge")) {
    el.classList.toggle("is-related", selected !== null && (el.dataset.from === selected || el.dataset.to === selected));
  }
}
