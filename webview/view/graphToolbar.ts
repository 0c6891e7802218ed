// The graph's toolbar: fit and zoom, expand and collapse every module, and the box count.
import { h, iconButton } from "./dom";

/** What the toolbar's buttons do. */
export interface ToolbarActions {
  fit(): void;
  zoom(factor: number): void;
  expandAll(): void;
  collapseAll(): void;
}

/** Builds the toolbar; `count` is the element that shows how many boxes are drawn. */
export function graphToolbar(a: ToolbarActions, count: HTMLElement): HTMLElement {
  return h(
    "div",
    { class: "bpl-toolbar", role: "toolbar", "aria-label": "Graph" },
    iconButton("screen-full", "Fit to view (0)", () => a.fit()),
    iconButton("zoom-out", "Zoom out (−)", () => a.zoom(1 / 1.25)),
    iconButton("zoom-in", "Zoom in (+)", () => a.zoom(1.25)),
    h("span", { class: "bpl-toolbar-sep" }),
    iconButton("expand-all", "Expand all modules", () => a.expandAll()),
    iconButton("collapse-all", "Collapse all modules", () => a.collapseAll()),
    h("span", { class: "bpl-toolbar-sep" }),
    count,
  );
}
