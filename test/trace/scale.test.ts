// A 50,000-node graph traces (no timed assertions: the bench measures speed), and the result stays
// plain JSON. locate() here is a constant: the runner's real one is its own cost (vitest's
// source-mapped stacks take ~0.3 ms a call, which would dominate this test).
import { expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { param, tensor } from "../../src/engine/creation";
import type { TraceOptionsInput, TraceResult } from "../../src/protocol";
import { traceModel } from "../../src/trace/traceModel";

const FILE = fileURLToPath(import.meta.url);
const trace = (file: string, build: () => unknown, options: TraceOptionsInput): TraceResult =>
  traceModel(build(), options, { locate: () => ({ file, line: 1, column: 1 }) });

test("a graph of ~50,000 small ops traces, with the fast check", () => {
  const r = trace(FILE, () => {
    const w = param([0.1, -0.2, 0.3, 0.05]);
    const x = tensor([1, 2, 3, 4]);
    return () => {
      let h = x;
      for (let i = 0; i < 12_500; i++) h = h.mul(0.5).add(w).tanh();
      return h.sum();
    };
  }, { check: "fast" });
  expect(r.graph.totalNodes).toBeGreaterThanOrEqual(50_000);
  expect(r.graph.truncated).toBe(false);
  expect(r.graph.edges.length).toBe(3 * 12_500 * 2 - 12_500 + 1);
  expect(r.graph.nodes.filter((n) => n.op === "tanh").every((n) => n.grad !== null)).toBe(true);
  expect(r.checks[0].status).toBe("pass");
  const json = JSON.stringify(r);
  expect(JSON.parse(json).graph.nodes).toHaveLength(r.graph.nodes.length);
});

test("maxGraphNodes keeps the first nodes and the loss", () => {
  const r = trace(FILE, () => {
    const w = param([1, 2]);
    return () => {
      let h = w;
      for (let i = 0; i < 50; i++) h = h.mul(0.9);
      return h.sum();
    };
  }, { check: "off", maxGraphNodes: 10 });
  expect(r.graph.truncated).toBe(true);
  expect(r.graph.nodes).toHaveLength(10);
  expect(r.graph.nodes[9].id).toBe(r.graph.root);
  const ids = new Set(r.graph.nodes.map((n) => n.id));
  expect(r.graph.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
});
