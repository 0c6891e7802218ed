// NaN/Inf anomalies: located at the first op that produced one, forward or backward; intended
// −Infinity masks are not anomalies; the result stays plain JSON.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { param, tensor } from "../../src/engine/creation";
import { Module } from "../../src/engine/nn/module";
import type { Tensor } from "../../src/engine/tensor";
import { Lin, trace } from "./helpers";

const FILE = fileURLToPath(import.meta.url);

class LogLayer extends Module {
  lin = new Lin([[1, -1], [0.5, 0.5]], [0, 0]);

  forward(x: Tensor): Tensor {
    const h = this.lin.forward(x);
    return h.log();
  }
}

describe("forward anomalies", () => {
  const r = trace(FILE, () => {
    const model = new LogLayer();
    const x = tensor([[1, 3]]);
    return { model, loss: () => model.forward(x).exp().sum() };
  });

  test("log of a negative number is located at the log", () => {
    const fwd = r.anomalies.filter((a) => a.phase === "forward");
    expect(fwd).toHaveLength(1);
    expect(fwd[0]).toMatchObject({ op: "log", module: "", nan: 1, inf: 0, custom: false });
    expect(fwd[0].loc).toMatchObject({ file: FILE });
    expect(r.graph.nodes[fwd[0].nodeId].op).toBe("log");
    expect(fwd[0].message).toMatch(/log produced NaN from finite inputs/);
  });

  test("the result stays plain JSON: a NaN loss is written as text, stats count it", () => {
    expect(r.loss).toBe("NaN");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const log = r.graph.nodes.find((n) => n.op === "log")!;
    expect(log.value).toMatchObject({ nan: 1, numel: 2 });
    expect(log.value.mean).not.toBeNaN();
  });

  test("the layer that produced it is flagged nan", () => {
    expect(r.layers[0]).toMatchObject({ name: "lin" });
    expect(r.layers[0].flags).toContain("nan");
  });
});

describe("backward anomalies", () => {
  test("sqrt at 0 has a finite forward and an infinite gradient: located at the sqrt", () => {
    const r = trace(FILE, () => {
      const w = param([0, 4]);
      return () => w.sqrt().sum();
    }, { check: "off" });
    expect(r.loss).toBe(2);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ phase: "backward", op: "sqrt", input: 0, inf: 1, nan: 0 });
    expect(r.anomalies[0].loc?.file).toBe(FILE);
    expect(r.parameters[0].grad).toMatchObject({ inf: 1, max: 0.25 });
  });

  test("among several readers of the bad node, the one whose backward produced the Inf is named", () => {
    const r = trace(FILE, () => {
      const w = param([0, 1]);
      return () => {
        const s = w.mul(2);
        return s.exp().sum().add(s.sqrt().sum()).add(s.tanh().sum());
      };
    }, { check: "off" });
    expect(r.anomalies.map((a) => [a.phase, a.op])).toEqual([["backward", "sqrt"]]);
  });
});

describe("no anomaly", () => {
  test("a −Infinity mask before softmax is intended", () => {
    const r = trace(FILE, () => {
      const scores = param([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
      const mask = tensor([[0, 1, 1], [0, 0, 1]]);
      return () => scores.maskedFill(mask, -Infinity).softmax(-1).mul(tensor([[1, 2, 3]])).sum();
    }, { check: "fast" });
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.anomalies).toEqual([]);
    expect(r.checks[0].status).toBe("pass");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
