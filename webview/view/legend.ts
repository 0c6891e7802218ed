// The colour legend of the graph: log10 of the gradient norm on the palette, and the special cases.
import { type ColorScale, legendGradient, legendTicks } from "../model/colorScale";
import { h, icon } from "./dom";

/** Builds (or rebuilds) the legend for a colour scale. */
export function renderLegend(scale: ColorScale): HTMLElement {
  const bar = h("div", { class: "bpl-legend-bar" });
  bar.style.backgroundImage = `linear-gradient(to right, ${legendGradient()})`;
  const ticks = h("div", { class: "bpl-legend-ticks" });
  for (const t of legendTicks(scale)) {
    const tick = h("span", { class: "bpl-legend-tick" }, `1e${t.exponent}`);
    tick.style.left = `${(t.t * 100).toFixed(1)}%`;
    ticks.appendChild(tick);
  }
  return h(
    "div",
    { class: "bpl-legend", role: "group", "aria-label": "Colour legend" },
    h("div", { class: "bpl-legend-title" }, "‖gradient‖ (log scale)"),
    bar,
    ticks,
    h(
      "div",
      { class: "bpl-legend-keys" },
      h("span", { class: "bpl-legend-key" }, h("span", { class: "bpl-swatch grad-zero" }), "zero"),
      h("span", { class: "bpl-legend-key" }, h("span", { class: "bpl-swatch grad-none" }), "no grad"),
      h("span", { class: "bpl-legend-key" }, h("span", { class: "bpl-swatch grad-nonfinite" }), "NaN/Inf"),
      h("span", { class: "bpl-legend-key" }, h("span", { class: "bpl-legend-flag" }, icon("warning")), "flagged"),
    ),
  );
}
