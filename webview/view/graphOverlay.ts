// What the graph canvas shows over the drawing: the layout progress (with Cancel), a layout error with
// its way out, and the banner that explains the "part nearest the loss" view.
import { fmtCount } from "../model/format";
import { button, h, icon, replace } from "./dom";

/** The overlay card and the banner of one canvas. */
export class GraphOverlay {
  readonly card = h("div", { class: "bpl-overlay", hidden: true });
  readonly banner = h("div", { class: "bpl-canvas-banner", role: "status", hidden: true });

  constructor(private readonly canvas: HTMLElement) {}

  /** "Laying out N boxes…", with Cancel for large layouts. */
  loading(boxes: number, cancel: () => void): void {
    replace(this.card, h("div", { class: "bpl-overlay-card" }, icon("loading"), h("span", {}, `Laying out ${fmtCount(boxes)} boxes…`), boxes > 1000 ? button("Cancel", cancel, { secondary: true }) : null));
    this.card.hidden = false;
  }

  /** A layout error and the one action that helps. */
  error(message: string, action: string, run: () => void): void {
    this.canvas.dataset.graphState = "error";
    replace(this.card, h("div", { class: "bpl-overlay-card is-error", role: "alert" }, icon("error"), h("span", {}, message), button(action, run, { secondary: true })));
    this.card.hidden = false;
  }

  /** Removes the card. */
  hide(): void {
    this.card.hidden = true;
    this.card.replaceChildren();
  }

  /** Explains the folded "more nodes" box (hidden nodes: null hides the banner) and offers the ways out. */
  window(hiddenNodes: number | null, collapse: (() => void) | null, showAll: () => void): void {
    if (hiddenNodes === null) {
      this.banner.hidden = true;
      return;
    }
    replace(
      this.banner,
      icon("info"),
      h("span", {}, `Drawing the part nearest the loss; ${fmtCount(hiddenNodes)} nodes further up are folded into one box.`),
      collapse ? button("Collapse modules", collapse, { secondary: true }) : null,
      button("Show all", showAll, { secondary: true, title: "Lay out every node: several seconds" }),
    );
    this.banner.hidden = false;
  }
}
