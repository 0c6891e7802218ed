// The engine observer of the traced pass: records every op output and the leaves it reads as graph
// nodes (op, module path, source location, value summary), then each node's gradient summary as the
// walker reaches it. O(1) work per op beyond one summary pass over its output and env.locate() (once per
// call into an engine module, see scopedLocator.ts).
import type { EngineObserver } from "../engine/autograd";
import type { Tensor } from "../engine/tensor";
import type { JsonNumber, NodeKind, SourceLoc, TensorStats } from "../protocol";
import type { LeafRecording, TraceEnv } from "./env";
import type { ModuleNamer } from "./modulePaths";
import { ScopedLocator } from "./scopedLocator";
import { jsonArray, summarize } from "./stats";

/** A captured node. `t` is kept so later phases (anomalies, checks) can find the tensor. */
export interface NodeRec {
  id: number;
  t: Tensor;
  /** Position among the op outputs of the pass (-1 for leaves and tensors made before the pass). */
  seq: number;
  kind: NodeKind;
  module: string | null;
  loc: SourceLoc | null;
  value: TensorStats;
  grad: TensorStats | null;
  /** Node ids of the op's inputs, in order. */
  inputs: number[];
  /** Node ids of the ops that read this node. */
  consumers: number[];
  values?: JsonNumber[];
  gradValues?: JsonNumber[];
}

/** Options the capture needs. */
export interface CaptureOptions {
  includeValues: boolean;
  valueSizeCap: number;
}

/** Records the graph of one forward + backward pass. */
export class Capture implements EngineObserver {
  readonly nodes: NodeRec[] = [];
  /** Node id of the first node (walker order) whose gradient holds a NaN or Inf. */
  firstBadGrad: number | null = null;
  private readonly ids = new Map<Tensor, number>();
  private readonly passLeafLocs = new Map<Tensor, SourceLoc | null>();
  private seq = 0;
  private readonly locator: ScopedLocator;

  constructor(
    env: TraceEnv,
    private readonly namer: ModuleNamer,
    private readonly opts: CaptureOptions,
    private readonly leaves: LeafRecording | undefined,
  ) {
    this.locator = new ScopedLocator(() => env.locate());
  }

  /** Node id of a tensor, if captured. */
  idOf(t: Tensor): number | undefined {
    return this.ids.get(t);
  }

  /** Number of op outputs seen. */
  get opCount(): number {
    return this.seq;
  }

  onScope(): void {
    this.locator.entered();
  }

  onLeaf(t: Tensor): void {
    this.passLeafLocs.set(t, this.locator.locate());
  }

  /** True if `t` was created during the traced pass (so finite differences cannot perturb it). */
  madeDuringPass(t: Tensor): boolean {
    return this.passLeafLocs.has(t);
  }

  onOp(out: Tensor): void {
    const inputs = out.parents.map((p) => this.nodeFor(p));
    const id = this.push(out, this.seq++, "op", this.namer.current(), this.locator.locate(), inputs);
    for (const i of inputs) this.nodes[i].consumers.push(id);
  }

  onGrad(node: Tensor, g: Tensor): void {
    const id = this.ids.get(node);
    if (id === undefined) return;
    const rec = this.nodes[id];
    rec.grad = this.passedThrough(rec) ?? summarize(g.data, true);
    if (this.keepsValues(g)) rec.gradValues = jsonArray(g.data);
    if (this.firstBadGrad === null && rec.grad.nan + rec.grad.inf > 0) this.firstBadGrad = id;
  }

  /**
   * The gradient summary of a node's only reader, when that reader hands its gradient on unchanged
   * (a reshape or permute reorders it; add, and sub's first input, pass it as is): the same values,
   * so the same summary, without another pass over them.
   */
  private passedThrough(rec: NodeRec): TensorStats | null {
    if (rec.consumers.length !== 1) return null;
    const c = this.nodes[rec.consumers[0]];
    if (c.grad === null || c.t.numel !== rec.t.numel) return null;
    const at = c.inputs.indexOf(rec.id);
    if (at !== c.inputs.lastIndexOf(rec.id)) return null;
    const op = c.t.op;
    return op === "reshape" || op === "permute" || op === "add" || (op === "sub" && at === 0) ? c.grad : null;
  }

  /** The node of an op input: a leaf, or an op output made before the pass (added with its ancestors). */
  private nodeFor(t: Tensor): number {
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    // Iterative post-order over unseen ancestors, so a long pre-built chain cannot overflow the stack.
    const stack: [Tensor, number][] = [[t, 0]];
    const pending = new Set<Tensor>([t]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [u, i] = top;
      if (i < u.parents.length) {
        top[1] = i + 1;
        const p = u.parents[i];
        if (!this.ids.has(p) && !pending.has(p)) {
          pending.add(p);
          stack.push([p, 0]);
        }
        continue;
      }
      stack.pop();
      const inputs = u.parents.map((p) => this.ids.get(p)!);
      const id = this.push(u, -1, this.leafKind(u), null, this.leafLoc(u), inputs);
      for (const k of inputs) this.nodes[k].consumers.push(id);
    }
    return this.ids.get(t)!;
  }

  private leafKind(t: Tensor): NodeKind {
    if (!t.isLeaf) return "op";
    if (t.requiresGrad) return "param";
    return t.ndim === 0 && this.leafLoc(t) === null ? "constant" : "input";
  }

  private leafLoc(t: Tensor): SourceLoc | null {
    return this.passLeafLocs.get(t) ?? this.leaves?.locOf(t) ?? null;
  }

  private push(t: Tensor, seq: number, kind: NodeKind, module: string | null, loc: SourceLoc | null, inputs: number[]): number {
    const id = this.nodes.length;
    // Layout ops only reorder their input: same values, same summary.
    const same = (t.op === "reshape" || t.op === "permute") && inputs.length === 1 ? this.nodes[inputs[0]].value : null;
    const rec: NodeRec = { id, t, seq, kind, module, loc, value: same ?? summarize(t.data), grad: null, inputs, consumers: [] };
    if (this.keepsValues(t)) rec.values = jsonArray(t.data);
    this.nodes.push(rec);
    this.ids.set(t, id);
    return id;
  }

  private keepsValues(t: Tensor): boolean {
    return this.opts.includeValues && t.numel <= this.opts.valueSizeCap;
  }
}
