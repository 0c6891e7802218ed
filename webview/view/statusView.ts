// The panel's states besides a trace: nothing traced yet, tracing, and a model-file error.
import type { SourceLoc, TraceFailure } from "../../src/protocol";
import { baseName, fmtLoc } from "../model/format";
import { button, h, icon } from "./dom";

/** Actions the status screens offer. */
export interface StatusEvents {
  retrace: (() => void) | null;
  revealSource(loc: SourceLoc): void;
  sourceHref(loc: SourceLoc): string | null;
  showLastTrace: (() => void) | null;
}

/** Nothing traced yet. */
export function emptyState(ev: StatusEvents): HTMLElement {
  return h(
    "div",
    { class: "bpl-state", role: "status" },
    h("div", { class: "bpl-state-icon" }, icon("type-hierarchy")),
    h("h1", {}, "No trace yet"),
    h("p", {}, "Open a model file — a .ts or .js file that imports ", h("code", {}, "backprop-lens"), " and exports its loss — and run ", h("strong", {}, "Backprop Lens: Trace Model"), ". The panel then updates each time you save the file."),
    h("p", { class: "bpl-muted" }, "You will see the computation graph coloured by gradient magnitude, per-layer gradient norms with vanishing/exploding verdicts, finite-difference checks of every parameter, and a step-by-step backward walk-through."),
    ev.retrace ? button("Trace the active file", ev.retrace, { icon: "debug-start" }) : null,
  );
}

/** Tracing with nothing to show yet. */
export function tracingState(file: string): HTMLElement {
  return h(
    "div",
    { class: "bpl-state", role: "status", "aria-live": "polite" },
    h("div", { class: "bpl-state-icon" }, icon("loading")),
    h("h1", {}, `Tracing ${baseName(file)}…`),
    h("p", { class: "bpl-muted" }, "Running forward and backward, then checking every parameter's gradient against finite differences."),
  );
}

/** The model file failed (or the tracer did): the message, a link to the line, the stack folded. */
export function errorState(err: TraceFailure, ev: StatusEvents): HTMLElement {
  const loc = err.loc;
  const href = loc ? ev.sourceHref(loc) : null;
  const where = loc
    ? href
      ? h("a", { class: "bpl-link", href }, icon("go-to-file"), fmtLoc(loc))
      : h("button", { type: "button", class: "bpl-link", onclick: () => ev.revealSource(loc) }, icon("go-to-file"), fmtLoc(loc))
    : h("span", { class: "bpl-muted" }, baseName(err.file));
  return h(
    "div",
    { class: "bpl-state is-error", role: "alert" },
    h("div", { class: "bpl-state-icon" }, icon("error")),
    h("h1", {}, `${baseName(err.file)} could not be traced`),
    h("pre", { class: "bpl-error-message" }, err.message),
    h("div", { class: "bpl-error-where" }, "at ", where),
    err.detail ? h("details", { class: "bpl-error-detail" }, h("summary", {}, "Details"), h("pre", {}, err.detail)) : null,
    h("div", { class: "bpl-actions" }, ev.retrace ? button("Trace again", ev.retrace, { icon: "refresh" }) : null, ev.showLastTrace ? button("Show the last trace", ev.showLastTrace, { secondary: true, icon: "history" }) : null),
  );
}
