// Source locations of ops made inside the engine's modules: located once per call into an engine
// module (src/trace/scopedLocator.ts), they must still be what locating every op would give — the
// line that made the call, a different line for each call of the same module, and the user's own
// line for ops in user code that runs inside (user modules, subclasses, a user activation function).
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Tensor, manualSeed, nn, randn } from "backprop-lens";
import type { GraphNode, TraceResult } from "../../src/protocol";
import { type TraceEnv, startLeafRecording } from "../../src/trace/env";
import { traceModel } from "../../src/trace/traceModel";
import { countingLocate, envFor, locateIn } from "./helpers";

const FILE = fileURLToPath(import.meta.url);
const LINES = readFileSync(FILE, "utf8").split("\n");

/** The 1-based line of this file that holds `marker` (a comment at the end of the line). */
function lineOf(marker: string): number {
  const i = LINES.findIndex((l) => l.endsWith(`// ${marker}`));
  if (i < 0) throw new Error(`no line ends with // ${marker}`);
  return i + 1;
}

/** Traces with the real stack-reading locate(), counting its calls during traceModel. */
function traceCounting(build: () => unknown): { r: TraceResult; calls: number } {
  const locate = locateIn(FILE);
  const leaves = startLeafRecording(locate);
  let spec: unknown;
  try {
    spec = build();
  } finally {
    leaves.stop();
  }
  const counting = countingLocate(FILE);
  const env: TraceEnv = { ...envFor(FILE), leaves, locate: counting.locate };
  return { r: traceModel(spec, { check: "off" }, env), calls: counting.calls() };
}

const opLines = (r: TraceResult, op: string): number[] => r.graph.nodes.filter((n: GraphNode) => n.op === op).map((n) => n.loc?.line ?? -1);

describe("ops inside engine modules", () => {
  test("every op of a Sequential of engine modules is at the forward call, located once for the whole call", () => {
    const { r, calls } = traceCounting(() => {
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(3, 5), new nn.Tanh(), new nn.Linear(5, 2), new nn.ReLU());
      const x = randn([4, 3]);
      return {
        model,
        loss: () => {
          const y = model.forward(x); // seq-call
          return y.pow(2).mean(); // seq-loss
        },
      };
    });
    const ops = r.graph.nodes.filter((n) => n.kind === "op");
    const inModel = ops.filter((n) => n.module !== null);
    expect(inModel.length).toBeGreaterThanOrEqual(6);
    for (const n of inModel) expect(n.loc, n.op).toEqual({ file: FILE, line: lineOf("seq-call"), column: expect.any(Number) });
    for (const n of ops.filter((o) => o.module === null)) expect(n.loc?.line, n.op).toBe(lineOf("seq-loss"));
    // One stack walk for the model call, one per op outside it (pow, mean).
    expect(calls).toBe(1 + ops.length - inModel.length);
  });

  test("two calls of one module on two lines are located apart", () => {
    const { r } = traceCounting(() => {
      manualSeed(1);
      const lin = new nn.Linear(3, 3);
      const x = randn([2, 3]);
      return {
        model: lin,
        loss: () => {
          const a = lin.forward(x); // first-call
          const b = lin.forward(a); // second-call
          return b.sum();
        },
      };
    });
    const lines = opLines(r, "matmul");
    expect(lines).toEqual([lineOf("first-call"), lineOf("second-call")]);
  });

  test("ops in a user module inside a Sequential are at the user's lines, the engine modules' at the call", () => {
    class Scale extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mul(2).exp(); // user-forward
      }
    }
    const { r } = traceCounting(() => {
      manualSeed(2);
      const model = new nn.Sequential(new nn.Linear(3, 4), new Scale(), new nn.Linear(4, 1));
      const x = randn([5, 3]);
      return { model, loss: () => model.forward(x).sum() }; // outer-call
    });
    expect(opLines(r, "matmul")).toEqual([lineOf("outer-call"), lineOf("outer-call")]);
    expect(opLines(r, "exp")).toEqual([lineOf("user-forward")]);
    expect(r.graph.nodes.find((n) => n.op === "exp")?.module).toBe("1");
  });

  test("a user subclass of an engine module is located op by op (its forward is the user's)", () => {
    class Shifted extends nn.Linear {
      override forward(x: Tensor): Tensor {
        const y = super.forward(x); // super-call
        return y.sub(1); // subclass-op
      }
    }
    const { r } = traceCounting(() => {
      manualSeed(3);
      const model = new Shifted(2, 2);
      const x = randn([3, 2]);
      return { model, loss: () => model.forward(x).pow(2).sum() };
    });
    expect(opLines(r, "matmul")).toEqual([lineOf("super-call")]);
    expect(opLines(r, "sub")).toEqual([lineOf("subclass-op")]);
  });

  test("a user activation function inside TransformerEncoderLayer is located at its own line", () => {
    const { r } = traceCounting(() => {
      manualSeed(4);
      const layer = new nn.TransformerEncoderLayer(4, 2, {
        dimFeedforward: 8,
        dropout: 0,
        activation: (x: Tensor) => x.tanh(), // user-activation
      });
      const x = randn([3, 2, 4]);
      return { model: layer, loss: () => layer.forward(x).sum() }; // layer-call
    });
    expect(opLines(r, "tanh")).toEqual([lineOf("user-activation")]);
    const fromEngine = r.graph.nodes.filter((n) => n.kind === "op" && n.op !== "tanh" && n.op !== "sum");
    expect(fromEngine.length).toBeGreaterThan(10);
    for (const n of fromEngine) expect(n.loc?.line, n.op).toBe(lineOf("layer-call"));
  });
});
