// When a parameter's check fails, find the op whose backward is wrong: the op whose output gradient
// agrees with finite differences while the gradient it passes to an input does not. Intermediate
// gradients are checked directionally by nudging that op's output during a forward run. Custom ops
// (user-written backward) are examined first; then the nodes between the parameter and the loss,
// nearest the loss first.
import { setObserver } from "../engine/autograd";
import type { Tensor } from "../engine/tensor";
import type { OpRef, SuspectOp } from "../protocol";
import type { NodeRec } from "./capture";
import { checkRng, dot, unitDirection } from "./checkMath";
import type { CheckContext } from "./gradcheck";
import { KinkTracker, evalProbed } from "./probe";
import { runLoss } from "./spec";

/** The op a node is, as an OpRef. */
export function opRef(n: NodeRec): OpRef {
  return { op: n.t.op, nodeId: n.id, module: n.module, loc: n.loc, custom: n.t.attrs?.custom === true };
}

/** Op nodes on a path from any of `from` (node ids) to the root. */
function pathNodes(nodes: readonly NodeRec[], root: number, from: readonly number[]): Set<number> {
  const down = new Set<number>(from);
  const queue = [...from];
  while (queue.length > 0) {
    for (const c of nodes[queue.pop()!].consumers) {
      if (down.has(c)) continue;
      down.add(c);
      queue.push(c);
    }
  }
  const both = new Set<number>();
  const up = [root];
  const seen = new Set<number>([root]);
  while (up.length > 0) {
    const id = up.pop()!;
    if (down.has(id)) both.add(id);
    for (const i of nodes[id].inputs) {
      if (seen.has(i)) continue;
      seen.add(i);
      up.push(i);
    }
  }
  return both;
}

/** Finds the op to blame for the failing parameters (node ids), or null if the search is inconclusive. */
export function localize(nodes: readonly NodeRec[], root: number, failing: readonly number[], ctx: CheckContext): SuspectOp | null {
  const path = pathNodes(nodes, root, failing);
  const testable = (id: number): boolean => {
    const n = nodes[id];
    return n.kind === "op" && n.seq >= 0 && id !== root && n.t.dtype === "float64";
  };
  const customs = [...path].filter((id) => nodes[id].t.attrs?.custom === true).sort((a, b) => nodes[b].seq - nodes[a].seq);
  const scan = [...path].filter(testable).sort((a, b) => nodes[b].seq - nodes[a].seq).slice(0, ctx.opts.localizeMaxNodes);
  const wanted = new Set<number>(scan);
  for (const c of customs) {
    if (testable(c)) wanted.add(c);
    for (const i of nodes[c].inputs) if (path.has(i) && testable(i)) wanted.add(i);
  }
  const grads = retainGrads(nodes, ctx, wanted);
  const verdicts = new Map<number, boolean | null>();
  const failingSet = new Set(failing);
  /** true: dL/d(node) matches finite differences; false: it does not; null: a kink spoiled the test. */
  const ok = (id: number): boolean | null => {
    if (failingSet.has(id)) return false;
    if (id === root) return true;
    if (!verdicts.has(id)) verdicts.set(id, testNode(nodes[id], grads.get(id), ctx));
    return verdicts.get(id)!;
  };
  const blame = (c: NodeRec, input: number): SuspectOp => ({
    ...opRef(c),
    evidence: `dL/d(output) of ${c.t.op} matches finite differences but the gradient its backward gives input ${input} (${nodes[c.inputs[input]].t.op === "leaf" ? "a parameter" : nodes[c.inputs[input]].t.op}) does not`,
  });

  for (const c of customs) {
    if (ok(c) !== true) continue;
    const bad = nodes[c].inputs.findIndex((i) => path.has(i) && ok(i) === false);
    if (bad >= 0) return blame(nodes[c], bad);
  }
  for (const id of scan) {
    const v = ok(id);
    if (v === null) return null;
    if (v === false) return blameConsumer(nodes, id, path, ok, blame);
  }
  if (scan.length < [...path].filter(testable).length) return null;
  // Every intermediate gradient checks out: the op reading the parameter is wrong.
  for (const f of failing) {
    const r = blameConsumer(nodes, f, path, ok, blame);
    if (r !== null) return r;
  }
  return null;
}

function blameConsumer(nodes: readonly NodeRec[], id: number, path: Set<number>, ok: (id: number) => boolean | null, blame: (c: NodeRec, input: number) => SuspectOp): SuspectOp | null {
  for (const c of nodes[id].consumers) {
    if (!path.has(c) || ok(c) !== true) continue;
    return blame(nodes[c], nodes[c].inputs.indexOf(id));
  }
  return null;
}

/** Directional check of dL/d(node): ∇·v against the central difference of L with the node's output nudged. */
function testNode(n: NodeRec, g: Float64Array | undefined, ctx: CheckContext): boolean | null {
  if (g === undefined) return null;
  const { spec, seed, opts } = ctx;
  const v = unitDirection(n.t.numel, checkRng(opts.checkSeed, 1_000_000 + n.id));
  const kinks = new KinkTracker();
  const up = evalProbed(spec, seed, { seq: n.seq, dir: v, step: opts.eps }, kinks);
  kinks.compareNext();
  const down = evalProbed(spec, seed, { seq: n.seq, dir: v, step: -opts.eps }, kinks);
  ctx.counted(2);
  const a = dot(g, v);
  const num = (up - down) / (2 * opts.eps);
  if (Math.abs(a - num) <= opts.atol + opts.rtol * Math.abs(num)) return true;
  return kinks.crossed !== null ? null : false;
}

/** One more forward + backward that keeps dL/d(node) of the wanted nodes; parameter grads are left as they were. */
function retainGrads(nodes: readonly NodeRec[], ctx: CheckContext, wanted: ReadonlySet<number>): Map<number, Float64Array> {
  const bySeq = new Map<number, number>();
  for (const id of wanted) bySeq.set(nodes[id].seq, id);
  const ids = new Map<Tensor, number>();
  const grads = new Map<number, Float64Array>();
  let seq = 0;
  const leaves = nodes.filter((n) => n.t.isLeaf && n.t.requiresGrad).map((n) => n.t);
  const saved = leaves.map((t) => t.grad);
  const prev = setObserver({
    onOp(out) {
      const id = bySeq.get(seq++);
      if (id !== undefined) ids.set(out, id);
    },
    onGrad(node, g) {
      const id = ids.get(node);
      if (id !== undefined) grads.set(id, g.data);
    },
  });
  try {
    for (const t of leaves) t.grad = null;
    const loss = runLoss(ctx.spec, ctx.seed);
    if (loss.requiresGrad) loss.backward();
    ctx.counted(1);
  } finally {
    setObserver(prev);
    leaves.forEach((t, i) => (t.grad = saved[i]));
  }
  return grads;
}
