// The first op that produced a NaN or Inf. Forward: the first op whose output holds a non-finite
// value its inputs did not (so an intended −Infinity mask is not an anomaly, but Inf − Inf is).
// Backward: the first node, in the walker's order, whose gradient is non-finite; the op to blame is
// the consumer whose backward turned a finite gradient and finite values into a non-finite one.
import { noGrad, setObserver } from "../engine/autograd";
import type { Tensor } from "../engine/tensor";
import type { Anomaly, TensorStats } from "../protocol";
import type { NodeRec } from "./capture";

const bad = (s: TensorStats | null): boolean => s !== null && s.nan + s.inf > 0;

/** The forward anomaly, if any. With a non-finite loss and no origin found, the first op holding one. */
export function forwardAnomaly(nodes: readonly NodeRec[], root: number): Anomaly | null {
  let firstBad: NodeRec | null = null;
  for (const n of nodes) {
    if (n.kind !== "op" || n.seq < 0 || !bad(n.value)) continue;
    firstBad ??= n;
    const ins = n.inputs.map((i) => nodes[i].value);
    const newNan = n.value.nan > 0 && ins.every((s) => s.nan === 0);
    const newInf = n.value.inf > 0 && ins.every((s) => s.nan + s.inf === 0);
    if (newNan || newInf) return anomaly("forward", n, n.value.nan, n.value.inf, `${n.t.op} produced ${what(n.value)} from finite inputs`);
  }
  if (firstBad !== null && bad(nodes[root].value)) {
    return anomaly("forward", firstBad, firstBad.value.nan, firstBad.value.inf, `${firstBad.t.op} produced ${what(firstBad.value)} (its inputs already held non-finite values)`);
  }
  return null;
}

/**
 * The backward anomaly, if any: re-walks the retained graph once, keeping the gradients that reach
 * the consumers of the first bad node, and replays their backward to see which one produced it.
 * Leaf gradients are restored afterwards. Null when the gradient only repeats a forward NaN/Inf.
 */
export function backwardAnomaly(nodes: readonly NodeRec[], root: number, firstBadGrad: number | null): Anomaly | null {
  if (firstBadGrad === null) return null;
  const target = nodes[firstBadGrad];
  const consumers = target.consumers.map((c) => nodes[c]).filter((c) => c.t.backwardFn !== null);
  const grads = new Map<Tensor, Tensor>();
  const watch = new Set(consumers.map((c) => c.t));
  const leaves = nodes.filter((n) => n.t.isLeaf && n.t.requiresGrad).map((n) => n.t);
  const saved = leaves.map((t) => t.grad);
  const prev = setObserver({
    onGrad(node, g) {
      if (watch.has(node)) grads.set(node, g);
    },
  });
  try {
    nodes[root].t.backward();
  } finally {
    setObserver(prev);
    leaves.forEach((t, i) => (t.grad = saved[i]));
  }
  for (const c of consumers) {
    const g = grads.get(c.t);
    if (g === undefined) continue;
    const produced = noGrad(() => c.t.backwardFn!(g));
    const input = c.t.parents.findIndex((p, i) => p === target.t && produced[i] != null && produced[i]!.data.some((v) => !Number.isFinite(v)));
    if (input < 0) continue;
    // A consequence of a forward NaN/Inf is not a backward anomaly.
    if (bad(c.value) || c.inputs.some((i) => bad(nodes[i].value))) return null;
    const d = produced[input]!.data;
    let nan = 0;
    let inf = 0;
    for (const v of d) if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    return { ...anomaly("backward", c, nan, inf, `the backward of ${c.t.op} produced ${nan > 0 ? "NaN" : "Inf"} in the gradient of input ${input} from finite values`), input };
  }
  if (bad(target.value)) return null;
  const s = target.grad!;
  return anomaly("backward", target, s.nan, s.inf, `the gradients reaching ${target.t.op} summed to ${what(s)}`);
}

function what(s: TensorStats): string {
  return s.nan > 0 && s.inf > 0 ? "NaN and Inf" : s.nan > 0 ? "NaN" : "Inf";
}

function anomaly(phase: Anomaly["phase"], n: NodeRec, nan: number, inf: number, message: string): Anomaly {
  return { phase, op: n.t.op, nodeId: n.id, module: n.module, loc: n.loc, custom: n.t.attrs?.custom === true, nan, inf, message };
}
