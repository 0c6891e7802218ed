// The walk-through pane: steps through the forward values and then the backward pass node by node,
// highlighting the current node in the graph and showing the chain-rule product at it.
import type { GraphIndex } from "../model/graphIndex";
import { fmtNorm, fmtNum } from "../model/format";
import { type BackwardStep, type ForwardStep, type Walkthrough, buildWalkthrough } from "../model/walkthrough";
import { h, icon, iconButton, replace } from "./dom";
import type { WalkHighlight } from "./graphHighlight";

/** What the walk-through tells the app. */
export interface WalkEvents {
  highlight(h: WalkHighlight): void;
  stepChanged(step: number): void;
}

const LIST_WINDOW = 40;

/** The walk-through side pane. */
export class WalkthroughView {
  readonly element = h("div", { class: "bpl-walk", tabindex: 0, "aria-label": "Backward walk-through: left and right arrows step, Home and End jump" });
  private walk: Walkthrough | null = null;
  private index: GraphIndex | null = null;
  private step = 0;

  constructor(private readonly events: WalkEvents) {
    this.element.addEventListener("keydown", (e) => {
      const moves: Record<string, () => number> = {
        ArrowRight: () => this.step + 1,
        ArrowDown: () => this.step + 1,
        ArrowLeft: () => this.step - 1,
        ArrowUp: () => this.step - 1,
        Home: () => 0,
        End: () => (this.walk?.steps.length ?? 1) - 1,
      };
      const move = moves[e.key];
      if (!move || (e.target as Element).closest("input")) return;
      e.preventDefault();
      this.go(move());
    });
  }

  /** Builds the steps of a trace; `step` restores a saved position. */
  setTrace(index: GraphIndex, step: number): void {
    this.index = index;
    this.walk = buildWalkthrough(index);
    this.step = Math.min(Math.max(0, step), Math.max(0, this.walk.steps.length - 1));
    this.render();
  }

  /** Re-sends the highlight (when the tab becomes visible). */
  activate(): void {
    this.emitHighlight();
  }

  /** Moves to a step (clamped). */
  go(step: number): void {
    if (!this.walk) return;
    const next = Math.min(Math.max(0, step), this.walk.steps.length - 1);
    if (next === this.step) return;
    this.step = next;
    this.render();
    this.events.stepChanged(next);
  }

  /** Jumps to the step of a node in the current phase (clicking a node while walking). */
  goToNode(nodeId: number): void {
    if (!this.walk) return;
    const backward = this.step >= this.walk.backwardStart;
    const i = this.walk.steps.findIndex((s, k) => s.nodeId === nodeId && k >= this.walk!.backwardStart === backward);
    if (i >= 0) this.go(i);
  }

  private render(): void {
    const walk = this.walk;
    if (!walk || walk.steps.length === 0) {
      replace(this.element, h("div", { class: "bpl-empty-inline" }, "Nothing to walk through."));
      return;
    }
    const s = walk.steps[this.step];
    const backward = s.phase === "backward";
    const nBack = walk.steps.length - walk.backwardStart;
    const pos = backward ? `Backward step ${this.step - walk.backwardStart + 1} of ${nBack}` : `Forward step ${this.step + 1} of ${walk.backwardStart}`;
    const slider = h("input", { type: "range", min: 0, max: walk.steps.length - 1, value: this.step, "aria-label": "Walk-through step", class: "bpl-slider" });
    slider.addEventListener("input", () => this.go(Number(slider.value)));
    const controls = h(
      "div",
      { class: "bpl-walk-controls", role: "toolbar", "aria-label": "Walk-through controls" },
      iconButton("debug-reverse-continue", "First step (Home)", () => this.go(0)),
      iconButton("chevron-left", "Previous step (←)", () => this.go(this.step - 1)),
      iconButton("chevron-right", "Next step (→)", () => this.go(this.step + 1)),
      iconButton("debug-continue", "Last step (End)", () => this.go(walk.steps.length - 1)),
      h("button", { type: "button", class: "bpl-button is-secondary", onclick: () => this.go(backward ? 0 : walk.backwardStart) }, icon(backward ? "debug-step-back" : "debug-step-over"), backward ? "Forward pass" : "Backward pass"),
    );
    replace(
      this.element,
      h("div", { class: "bpl-walk-head" }, h("span", { class: `bpl-phase ${backward ? "is-backward" : "is-forward"}` }, backward ? "Backward" : "Forward"), h("span", { class: "bpl-muted", "aria-live": "polite" }, pos)),
      controls,
      slider,
      h("p", { class: "bpl-hint" }, backward
        ? `Each node multiplies the gradient arriving from above (upstream) by its local derivative and passes the product to its inputs; a value used several times sums what it receives. Seed: ∂${walk.rootName}/∂${walk.rootName} = 1.`
        : "Values flow from the inputs and parameters to the loss, one op at a time. Then the backward pass runs the graph in reverse."),
      backward ? this.backwardCard(s as BackwardStep) : this.forwardCard(s as ForwardStep),
      this.list(walk),
    );
    this.emitHighlight();
  }

  private forwardCard(s: ForwardStep): HTMLElement {
    return h(
      "div",
      { class: "bpl-step-card" },
      h("div", { class: "bpl-step-title" }, h("span", { class: "bpl-mono" }, s.name)),
      h("div", { class: "bpl-formula" }, s.name === s.expr ? s.name : `${s.name} = ${s.expr}`),
      s.expr === "parameter" || s.expr === "input" || s.expr === "constant" ? h("div", { class: "bpl-hint" }, s.expr === "parameter" ? "A parameter: a leaf the loss is differentiated with respect to." : "A leaf that needs no gradient.") : null,
      s.numeric ? h("div", { class: "bpl-formula is-numeric" }, `= ${s.numeric}`) : null,
      h("div", { class: "bpl-formula is-result" }, `= ${s.value}`),
    );
  }

  private backwardCard(s: BackwardStep): HTMLElement {
    const node = this.index!.nodes[s.nodeId];
    const value = s.grad !== null ? fmtNum(s.grad) : s.gradNorm !== null ? `‖·‖ = ${fmtNorm(s.gradNorm)}` : "—";
    const matches = s.grad !== null && s.recorded !== null && Math.abs(s.grad - s.recorded) <= 1e-9 * Math.max(1, Math.abs(s.recorded));
    const sum = s.received.length > 1
      ? h("div", { class: "bpl-formula is-numeric" }, `= ${s.received.map((r) => `${r.value !== null ? fmtNum(r.value) : "…"} (from ${r.fromName})`).join(" + ")}`)
      : null;
    return h(
      "div",
      { class: "bpl-step-card" },
      h("div", { class: "bpl-step-title" }, h("span", { class: "bpl-mono" }, s.name), h("span", { class: "bpl-muted" }, ` ${node.kind === "op" ? node.op : node.kind}`)),
      h("div", { class: "bpl-formula is-result" }, `${s.gradName} = ${value}`),
      sum,
      s.recorded !== null && s.grad !== null
        ? h("div", { class: `bpl-agree ${matches ? "is-ok" : "is-bad"}` }, icon(matches ? "pass" : "warning"), matches ? `matches the engine's gradient (${fmtNum(s.recorded)})` : `the engine recorded ${fmtNum(s.recorded)}`)
        : null,
      s.terms.length === 0
        ? h("div", { class: "bpl-hint" }, node.kind === "param" ? "A parameter: its gradient is final — the optimizer steps it by −lr × this value." : "A leaf: the backward pass ends here.")
        : h("div", { class: "bpl-terms" }, h("div", { class: "bpl-terms-head" }, "Passed to the inputs:"), ...s.terms.map((t) => h("div", { class: "bpl-term" }, h("div", { class: "bpl-formula" }, t.text), t.numeric ? h("div", { class: "bpl-formula is-numeric" }, `= ${t.numeric}`) : null, t.partial ? h("div", { class: "bpl-hint" }, `${t.inputName} is used more than once: this is one of the contributions summed into its gradient.`) : null))),
    );
  }

  private list(walk: Walkthrough): HTMLElement {
    const from = Math.max(0, this.step - LIST_WINDOW);
    const to = Math.min(walk.steps.length, this.step + LIST_WINDOW + 1);
    const items = [];
    for (let i = from; i < to; i++) {
      const s = walk.steps[i];
      const label = s.phase === "forward" ? forwardLabel(s) : `${s.gradName} = ${s.grad !== null ? fmtNum(s.grad) : `‖·‖ ${fmtNorm(s.gradNorm)}`}`;
      items.push(
        h("li", { class: `${i === this.step ? "is-current" : ""} ${s.phase === "backward" ? "is-backward" : ""}` }, h("button", { type: "button", onclick: () => this.go(i), "aria-current": i === this.step ? "step" : null }, h("span", { class: "bpl-step-no" }, String(i + 1)), label)),
      );
    }
    const list = h("ol", { class: "bpl-step-list", start: from + 1, "aria-label": "Steps" }, ...items);
    // Scroll the list only: scrollIntoView would also scroll the pane and hide the controls.
    requestAnimationFrame(() => {
      const cur = list.querySelector<HTMLElement>(".is-current");
      if (cur) list.scrollTop = cur.offsetTop - list.offsetTop - list.clientHeight / 2;
    });
    return list;
  }

  private emitHighlight(): void {
    const walk = this.walk;
    if (!walk || walk.steps.length === 0) return;
    const s = walk.steps[this.step];
    const start = s.phase === "backward" ? walk.backwardStart : 0;
    const visited = new Set<number>();
    for (let i = start; i < this.step; i++) visited.add(walk.steps[i].nodeId);
    this.events.highlight({ current: s.nodeId, visited });
  }
}

function forwardLabel(s: ForwardStep): string {
  if (s.numeric) return s.name === s.expr ? `${s.name} = ${s.value}` : `${s.name} = ${s.expr} = ${s.value}`;
  if (s.expr === "parameter" || s.expr === "input" || s.expr === "constant") return `${s.name} = ${s.value} (${s.expr})`;
  return `${s.name} = ${s.expr}`;
}
