// The lecture's two worked examples, traced: gradients against the hand-derived chain rule and the
// PyTorch reference, graph nodes a..f with their ops and edges, free-param names from the source.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { param, tensor } from "../../src/engine/creation";
import type { GraphNode, TraceResult } from "../../src/protocol";
import { close, loadCase, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);

const byLabel = (r: TraceResult, label: string): GraphNode => {
  const n = r.graph.nodes.find((m) => m.label === label);
  if (n === undefined) throw new Error(`no node labelled ${label}: ${r.graph.nodes.map((m) => m.label).join(",")}`);
  return n;
};
const inputsOf = (r: TraceResult, n: GraphNode): string[] =>
  r.graph.edges.filter((e) => e.to === n.id).sort((a, b) => a.input - b.input).map((e) => r.graph.nodes[e.from].label ?? "?");

describe("f(x, y) = x² + xy + (x + y)²", () => {
  const X = 3;
  const Y = -2;
  const lecture = () => {
    const x = param(X);
    const y = param(Y);
    return () => {
      const a = x.mul(x);
      const b = x.mul(y);
      const c = x.add(y);
      const d = a.add(b);
      const e = c.pow(2);
      const f = d.add(e);
      return f;
    };
  };
  const r = trace(FILE, lecture, { check: "full" });

  test("the parameters are named after their variables and get the lecture's gradients", () => {
    expect(r.parameters.map((p) => p.name)).toEqual(["x", "y"]);
    const [gx, gy] = r.parameters.map((p) => p.grad?.mean);
    expect(gx).toBe(2 * X + Y + 2 * (X + Y));
    expect(gy).toBe(X + 2 * (X + Y));
    expect(r.loss).toBe(X * X + X * Y + (X + Y) ** 2);
    expect(r.parameters[0].loc).toMatchObject({ file: FILE, line: expect.any(Number), column: expect.any(Number) });
  });

  test("the graph holds a..f with the right ops and edges", () => {
    const ops = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((l) => [l, byLabel(r, l).op]));
    expect(ops).toEqual({ a: "mul", b: "mul", c: "add", d: "add", e: "powScalar", f: "add" });
    expect(inputsOf(r, byLabel(r, "a"))).toEqual(["x", "x"]);
    expect(inputsOf(r, byLabel(r, "b"))).toEqual(["x", "y"]);
    expect(inputsOf(r, byLabel(r, "c"))).toEqual(["x", "y"]);
    expect(inputsOf(r, byLabel(r, "d"))).toEqual(["a", "b"]);
    expect(inputsOf(r, byLabel(r, "e"))).toEqual(["c"]);
    expect(inputsOf(r, byLabel(r, "f"))).toEqual(["d", "e"]);
    expect(byLabel(r, "e").attrs).toEqual({ exponent: 2 });
    expect(r.graph.root).toBe(byLabel(r, "f").id);
    // x feeds three nodes: its gradient is the sum of three paths.
    expect(r.graph.edges.filter((e) => e.from === byLabel(r, "x").id).length).toBe(4);
  });

  test("node gradients follow the backward walk: ∂f/∂d = ∂f/∂e = 1, ∂f/∂c = 2c", () => {
    expect(byLabel(r, "d").grad?.mean).toBe(1);
    expect(byLabel(r, "e").grad?.mean).toBe(1);
    expect(byLabel(r, "a").grad?.mean).toBe(1);
    expect(byLabel(r, "c").grad?.mean).toBe(2 * (X + Y));
  });

  test("every op node carries the line it was called on, in this file", () => {
    const a = byLabel(r, "a");
    const f = byLabel(r, "f");
    expect(a.loc?.file).toBe(FILE);
    expect(f.loc!.line).toBe(a.loc!.line + 5);
  });

  test("full checks pass", () => {
    expect(r.checks.map((c) => [c.param, c.status, c.elementsChecked])).toEqual([["x", "pass", 1], ["y", "pass", 1]]);
    expect(r.checkSummary).toMatchObject({ mode: "full", passed: 2, failed: 0, kinks: 0 });
  });
});

describe("the scalar net ŷ = w3·σ(w2·σ(w1·x + b1) + b2) + b3, L = (y − ŷ)²", () => {
  const ref = loadCase("model_scalar_net");
  const v = (name: string): number => Number([...ref.inputs, ...ref.params].find((t) => t.name === name)!.data[0]);
  const net = () => {
    const w1 = param(v("w1"));
    const b1 = param(v("b1"));
    const w2 = param(v("w2"));
    const b2 = param(v("b2"));
    const w3 = param(v("w3"));
    const b3 = param(v("b3"));
    const x = tensor(v("x"));
    const y = tensor(v("yhat"));
    return () => {
      const f1 = w1.mul(x).add(b1);
      const h1 = f1.sigmoid();
      const f2 = w2.mul(h1).add(b2);
      const h2 = f2.sigmoid();
      const f3 = w3.mul(h2).add(b3);
      const L = f3.sub(y).pow(2);
      return L;
    };
  };
  const r = trace(FILE, net, { check: "full" });

  test("loss and every parameter gradient match PyTorch", () => {
    expect(close(r.loss, ref.loss)).toBe(true);
    for (const p of r.parameters) expect(close(p.grad!.mean, ref.grads[p.name].data[0]), p.name).toBe(true);
    expect(r.parameters.map((p) => p.name)).toEqual(["w1", "b1", "w2", "b2", "w3", "b3"]);
  });

  test("the backward factors: ∂L/∂f3 = 2(f3 − y), ∂L/∂f2 = ∂L/∂h2·σ′(f2), ∂L/∂wk = ∂L/∂fk·h(k−1)", () => {
    const val = (l: string): number => byLabel(r, l).value.mean!;
    const grad = (l: string): number => byLabel(r, l).grad!.mean!;
    const dF3 = 2 * (val("f3") - v("yhat"));
    expect(close(grad("f3"), dF3, 1e-12)).toBe(true);
    const h2 = val("h2");
    expect(close(grad("f2"), dF3 * v("w3") * h2 * (1 - h2), 1e-12)).toBe(true);
    expect(close(r.parameters.find((p) => p.name === "w2")!.grad!.mean, grad("f2") * val("h1"), 1e-12)).toBe(true);
    expect(close(r.parameters.find((p) => p.name === "b1")!.grad!.mean, grad("f1"), 1e-12)).toBe(true);
    expect(byLabel(r, "h1").op).toBe("sigmoid");
    expect(byLabel(r, "L").op).toBe("powScalar");
  });

  test("passes full checks; no layers without modules", () => {
    expect(r.checks.every((c) => c.status === "pass")).toBe(true);
    expect(r.layers).toEqual([]);
    expect(r.anomalies).toEqual([]);
  });
});
