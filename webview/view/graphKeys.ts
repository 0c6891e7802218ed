// Keyboard navigation of the graph canvas: arrows walk the graph (up to an input, down to a consumer,
// left/right along the row), Enter or Space expands/collapses, Home goes to the loss, +/−/0 zoom and fit.
import type { Box, PlacedGraph } from "../model/layoutResult";
import type { VisibleGraph } from "../model/visibleGraph";

/** What the key handler needs from the graph view. */
export interface GraphKeyTarget {
  selected(): string | null;
  graph(): VisibleGraph | null;
  placed(): PlacedGraph | null;
  select(key: string | null): void;
  toggle(key: string): void;
  rootKey(): string | null;
  zoom(factor: number): void;
  fit(): void;
  pan(dx: number, dy: number): void;
}

/** Installs the key handler on the canvas element. */
export function attachGraphKeys(canvas: HTMLElement, t: GraphKeyTarget): void {
  canvas.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const graph = t.graph();
    const placed = t.placed();
    if (!graph || !placed) return;
    const current = t.selected();
    let handled = true;
    switch (e.key) {
      case "ArrowUp":
      case "ArrowDown":
      case "ArrowLeft":
      case "ArrowRight": {
        if (e.shiftKey) {
          const step = 60;
          t.pan(e.key === "ArrowLeft" ? step : e.key === "ArrowRight" ? -step : 0, e.key === "ArrowUp" ? step : e.key === "ArrowDown" ? -step : 0);
          break;
        }
        const next = current === null ? t.rootKey() : neighbour(graph, placed, current, e.key);
        if (next) t.select(next);
        break;
      }
      case "Home": {
        const root = t.rootKey();
        if (root) t.select(root);
        break;
      }
      case "Enter":
      case " ":
        if (current) t.toggle(current);
        break;
      case "Escape":
        t.select(null);
        break;
      case "+":
      case "=":
        t.zoom(1.25);
        break;
      case "-":
      case "_":
        t.zoom(1 / 1.25);
        break;
      case "0":
        t.fit();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
}

/** The box an arrow key leads to from `key`: an input (up), a consumer (down), or the nearest box in the row. */
export function neighbour(graph: VisibleGraph, placed: PlacedGraph, key: string, arrow: string): string | null {
  const from = placed.boxes.get(key);
  if (!from) return null;
  const cx = from.x + from.width / 2;
  const closest = (keys: string[]): string | null => {
    let best: string | null = null;
    let bestD = Infinity;
    for (const k of keys) {
      const b = placed.boxes.get(k);
      if (!b) continue;
      const d = Math.abs(b.x + b.width / 2 - cx);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best;
  };
  if (arrow === "ArrowUp") return closest(graph.edges.filter((e) => e.to === key).map((e) => e.from));
  if (arrow === "ArrowDown") return closest(graph.edges.filter((e) => e.from === key).map((e) => e.to));
  const dir = arrow === "ArrowLeft" ? -1 : 1;
  let best: string | null = null;
  let bestD = Infinity;
  for (const [k, b] of placed.boxes) {
    if (k === key || !graph.byKey.has(k) || isContainer(graph, k)) continue;
    if (!overlapsRow(b, from)) continue;
    const d = (b.x + b.width / 2 - cx) * dir;
    if (d > 0 && d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function overlapsRow(a: Box, b: Box): boolean {
  return a.y < b.y + b.height && b.y < a.y + a.height;
}

function isContainer(graph: VisibleGraph, key: string): boolean {
  const item = graph.byKey.get(key);
  return item?.kind === "group" && item.expanded;
}
