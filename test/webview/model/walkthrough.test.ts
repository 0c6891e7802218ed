// The walk-through on the lecture's two worked examples: every product equals the slide's formula,
// computed here by hand from the same inputs (not from the engine's gradients).
import { describe, expect, it } from "vitest";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { localDerivative } from "../../../webview/model/localDerivative";
import { type BackwardStep, type Walkthrough, buildWalkthrough } from "../../../webview/model/walkthrough";
import { LECTURE, customOpTrace, lectureExample1Trace, lectureNetTrace } from "../fixtures";

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

function backwardAt(walk: Walkthrough, name: string): BackwardStep {
  const step = walk.steps.find((s): s is BackwardStep => s.phase === "backward" && s.name === name);
  if (!step) throw new Error(`no backward step for ${name}`);
  return step;
}

/** The product the walk-through sends to `input` from the step at `at`. */
function product(walk: Walkthrough, at: string, input: string): number {
  const term = backwardAt(walk, at).terms.find((t) => t.inputName === input);
  if (!term || term.product === null) throw new Error(`no product ${at} → ${input}`);
  return term.product;
}

describe("walk-through on ŷ = w3·σ(w2·σ(w1·x + b1) + b2) + b3, L = (ŷ − y)²", () => {
  const { x, y, w1, b1, w2, b2, w3, b3 } = LECTURE;
  // The slide's forward pass…
  const f1 = w1 * x + b1;
  const h1 = sigma(f1);
  const f2 = w2 * h1 + b2;
  const h2 = sigma(f2);
  const f3 = w3 * h2 + b3;
  // …and its backward formulas, one factor per node.
  const dL_df3 = 2 * (f3 - y);
  const dL_dh2 = dL_df3 * w3;
  const dL_df2 = dL_dh2 * h2 * (1 - h2);
  const dL_dh1 = dL_df2 * w2;
  const dL_df1 = dL_dh1 * h1 * (1 - h1);
  const walk = buildWalkthrough(buildGraphIndex(lectureNetTrace()));

  it("walks forward first, then backward from the loss", () => {
    expect(walk.steps.slice(0, walk.backwardStart).every((s) => s.phase === "forward")).toBe(true);
    expect(walk.steps.slice(walk.backwardStart).every((s) => s.phase === "backward")).toBe(true);
    const first = walk.steps[walk.backwardStart] as BackwardStep;
    expect(first.name).toBe("L");
    expect(first.grad).toBe(1);
  });

  it("shows the forward values of the slide", () => {
    const value = (name: string): string => {
      const step = walk.steps.find((s) => s.phase === "forward" && s.name === name);
      return step?.phase === "forward" ? step.value : "";
    };
    expect(Number(value("f1"))).toBeCloseTo(f1, 3);
    expect(Number(value("h1"))).toBeCloseTo(h1, 3);
    expect(Number(value("f3"))).toBeCloseTo(f3, 3);
  });

  it("computes ∂L/∂f3 = 2(f3 − y)", () => {
    expect(backwardAt(walk, "f3").grad).toBeCloseTo(dL_df3, 12);
  });

  it("computes each step as upstream × local derivative", () => {
    expect(product(walk, "w3·h2", "h2")).toBeCloseTo(dL_dh2, 12);
    expect(product(walk, "h2", "f2")).toBeCloseTo(dL_df2, 12);
    expect(product(walk, "w2·h1", "h1")).toBeCloseTo(dL_dh1, 12);
    expect(product(walk, "h1", "f1")).toBeCloseTo(dL_df1, 12);
  });

  it("reaches ∂L/∂f1 = 2(f3 − y)·w3·σ′(f2)·w2·σ′(f1), the product where gradients vanish", () => {
    const slide = 2 * (f3 - y) * w3 * (sigma(f2) * (1 - sigma(f2))) * w2 * (sigma(f1) * (1 - sigma(f1)));
    expect(backwardAt(walk, "f1").grad).toBeCloseTo(slide, 12);
  });

  it("gives ∂L/∂wk = ∂L/∂fk·h(k−1) and ∂L/∂bk = ∂L/∂fk for every layer", () => {
    expect(backwardAt(walk, "w1").grad).toBeCloseTo(dL_df1 * x, 12);
    expect(backwardAt(walk, "b1").grad).toBeCloseTo(dL_df1, 12);
    expect(backwardAt(walk, "w2").grad).toBeCloseTo(dL_df2 * h1, 12);
    expect(backwardAt(walk, "b2").grad).toBeCloseTo(dL_df2, 12);
    expect(backwardAt(walk, "w3").grad).toBeCloseTo(dL_df3 * h2, 12);
    expect(backwardAt(walk, "b3").grad).toBeCloseTo(dL_df3, 12);
  });

  it("writes the chain rule with the slide's names", () => {
    const term = backwardAt(walk, "h2").terms[0];
    expect(term.text).toBe("∂L/∂f2 = ∂L/∂h2 × σ′(f2) = h2·(1 − h2)");
    expect(term.numeric).toMatch(/^-?[\d.e-]+ × [\d.e-]+ = -?[\d.e-]+$/);
  });

  it("agrees with the gradients the engine recorded", () => {
    for (const s of walk.steps) if (s.phase === "backward" && s.recorded !== null) expect(s.grad).toBeCloseTo(s.recorded, 12);
  });

  it("visits nodes in reverse topological order: a node comes after all its consumers", () => {
    const index = buildGraphIndex(lectureNetTrace());
    const back = walk.steps.slice(walk.backwardStart).map((s) => s.nodeId);
    const pos = new Map(back.map((id, i) => [id, i]));
    for (const e of index.result.graph.edges) {
      if (pos.has(e.from) && pos.has(e.to)) expect(pos.get(e.to)!).toBeLessThan(pos.get(e.from)!);
    }
  });
});

describe("walk-through on f(x, y) = x² + xy + (x + y)²", () => {
  const x = 1.5;
  const y = -0.5;
  const walk = buildWalkthrough(buildGraphIndex(lectureExample1Trace(x, y)));

  it("sums the three paths into ∂f/∂x = 2x + y + 2(x + y)", () => {
    const step = backwardAt(walk, "x");
    expect(step.received.map((r) => r.fromName).sort()).toEqual(["a", "b", "c"]);
    expect(step.received.find((r) => r.fromName === "a")!.value).toBeCloseTo(2 * x, 12);
    expect(step.received.find((r) => r.fromName === "b")!.value).toBeCloseTo(y, 12);
    expect(step.received.find((r) => r.fromName === "c")!.value).toBeCloseTo(2 * (x + y), 12);
    expect(step.grad).toBeCloseTo(2 * x + y + 2 * (x + y), 12);
  });

  it("gives ∂f/∂y = x + 2(x + y), ∂f/∂c = 2c and ∂f/∂d = ∂f/∂e = 1", () => {
    expect(backwardAt(walk, "y").grad).toBeCloseTo(x + 2 * (x + y), 12);
    expect(backwardAt(walk, "c").grad).toBeCloseTo(2 * (x + y), 12);
    expect(backwardAt(walk, "d").grad).toBe(1);
    expect(backwardAt(walk, "e").grad).toBe(1);
  });

  it("marks a contribution to a reused value as partial (+=)", () => {
    const term = backwardAt(walk, "a").terms.find((t) => t.inputName === "x")!;
    expect(term.partial).toBe(true);
    expect(term.text).toBe("∂f/∂x += ∂f/∂a × 2·x");
  });
});

describe("walk-through of nn.Linear: y = x·Wᵀ (matmul with transB)", () => {
  const walk = buildWalkthrough(buildGraphIndex(customOpTrace()));
  const matmuls = walk.steps.filter((s) => s.phase === "forward" && s.expr.includes("@"));

  it("writes the forward pass as x @ Wᵀ", () => {
    expect(matmuls.length).toBe(2);
    for (const m of matmuls) expect(m.phase === "forward" && m.expr).toMatch(/ @ \d\.weightᵀ$/);
  });

  it("takes ∂/∂x = g·W (not g·Wᵀ) and ∂/∂W = gᵀ·x (not xᵀ·g)", () => {
    const a = { name: "x", value: null };
    const b = { name: "W", value: null };
    const y = { name: "y", value: null };
    expect(localDerivative("matmul", { transB: true }, [a, b], y, 0)).toEqual({ formula: "W", value: null, combine: "matmul-right" });
    expect(localDerivative("matmul", { transB: true }, [a, b], y, 1)).toEqual({ formula: "x", value: null, combine: "matmul-right", transposeUpstream: true });
    // Without transB: g·Wᵀ and xᵀ·g.
    expect(localDerivative("matmul", undefined, [a, b], y, 0)).toMatchObject({ formula: "Wᵀ", combine: "matmul-right" });
    expect(localDerivative("matmul", undefined, [a, b], y, 1)).toMatchObject({ formula: "xᵀ", combine: "matmul-left" });
  });

  it("sends the output gradient through the untransposed weight to the layer input", () => {
    const step = walk.steps.find((s): s is BackwardStep => s.phase === "backward" && s.terms.some((t) => t.inputName === "2.weight"))!;
    const toInput = step.terms.find((t) => t.inputName !== "2.weight")!;
    expect(toInput.text).toMatch(/ · 2\.weight$/);
    expect(step.terms.find((t) => t.inputName === "2.weight")!.local.transposeUpstream).toBe(true);
  });
});
