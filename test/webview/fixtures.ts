// TraceResult fixtures for the webview tests, screenshots and benchmark: the lecture's two worked
// examples and a few models traced on our engine, plus a synthetic graph of any size.
import { type Tensor, customOp, manualSeed, nn, param, randn, tensor } from "backprop-lens";
import type { TraceResult } from "../../src/protocol";
import { traceFixture } from "./fixtureTracer";

/** The values the lecture's scalar net is traced at. */
export const LECTURE = { x: 0.5, y: 1.0, w1: 0.8, b1: -0.1, w2: -1.2, b2: 0.3, w3: 1.5, b3: 0.2 };

const named = (t: Tensor, label: string): Tensor => {
  t.label = label;
  return t;
};

/** ŷ = w3·σ(w2·σ(w1·x + b1) + b2) + b3, L = (ŷ − y)²: the lecture's second example, node by node. */
export function lectureNetTrace(): TraceResult {
  return traceFixture("/workspace/examples/lecture-net.ts", () => {
    const p = { w1: param(LECTURE.w1), b1: param(LECTURE.b1), w2: param(LECTURE.w2), b2: param(LECTURE.b2), w3: param(LECTURE.w3), b3: param(LECTURE.b3) };
    return {
    params: p,
    loss: () => {
      const x = named(tensor(LECTURE.x), "x");
      const y = named(tensor(LECTURE.y), "y");
      const f1 = named(p.w1.mul(x).add(p.b1), "f1");
      const h1 = named(f1.sigmoid(), "h1");
      const f2 = named(p.w2.mul(h1).add(p.b2), "f2");
      const h2 = named(f2.sigmoid(), "h2");
      const f3 = named(p.w3.mul(h2).add(p.b3), "f3");
      return named(f3.sub(y).pow(2), "L");
    },
    };
  });
}

/** f(x, y) = x² + xy + (x + y)²: the lecture's first example (x feeds three nodes). */
export function lectureExample1Trace(x0 = 1.5, y0 = -0.5): TraceResult {
  return traceFixture("/workspace/examples/chain-rule.ts", () => {
    const p = { x: param(x0), y: param(y0) };
    return {
    params: p,
    loss: () => {
      const a = named(p.x.pow(2), "a");
      const b = named(p.x.mul(p.y), "b");
      const c = named(p.x.add(p.y), "c");
      const d = named(a.add(b), "d");
      const e = named(c.pow(2), "e");
      return named(d.add(e), "f");
    },
    };
  });
}

/** A deep sigmoid MLP whose early layers' gradients vanish, trained for `steps` SGD steps. */
export function deepSigmoidTrace(steps = 12): TraceResult {
  return traceFixture("/workspace/examples/deep-sigmoid.ts", () => {
  manualSeed(3);
  const layers: nn.Module[] = [];
  const widths = [6, 16, 16, 16, 16, 16, 16, 2];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push(new nn.Linear(widths[i], widths[i + 1]));
    if (i + 2 < widths.length) layers.push(new nn.Sigmoid());
  }
  const model = new nn.Sequential(...(layers as nn.Linear[]));
  const x = randn([8, 6]);
  const y = randn([8, 2]);
  return { model, loss: () => nn.functional.mseLoss(model.forward(x), y), steps, lr: 0.5 };
  });
}

/** A ReLU MLP with a custom softplus whose backward is wrong: its check fails and the tracer names it. */
export function customOpTrace(): TraceResult {
  return traceFixture("/workspace/examples/custom-op.ts", () => {
  manualSeed(5);
  const badSoftplus = customOp("mySoftplus", {
    forward: (t) => t.exp().add(1).log(),
    // NOTE: deliberately wrong (should be sigmoid(t)): the fixture's check must fail.
    backward: (g, [t]) => [g.mul(t.exp())],
  });
  const l1 = new nn.Linear(4, 8);
  const l2 = new nn.Linear(8, 3);
  const model = new nn.Sequential(l1, new nn.ReLU(), l2);
  const x = randn([5, 4]);
  const y = randn([5, 3]);
  return { model, loss: () => nn.functional.mseLoss(badSoftplus(model.forward(x)), y) };
  });
}

/** A small transformer encoder (4 identical layers): the graph shows them as one "× 4" node. */
export function transformerTrace(numLayers = 4): TraceResult {
  return traceFixture("/workspace/examples/transformer.ts", () => {
  manualSeed(7);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 });
  const encoder = new nn.TransformerEncoder(layer, numLayers);
  const head = new nn.Linear(8, 1);
  const model = new nn.Sequential(encoder as unknown as nn.Linear, head);
  const x = randn([5, 2, 8]);
  const y = randn([5, 2, 1]);
  return { model, loss: () => nn.functional.mseLoss(model.forward(x), y), checkElements: 3 };
  });
}
