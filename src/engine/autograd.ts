// The autograd core: grad mode, the observer hook the tracer uses, the module scope stack, and the
// backward walker. The walker — never an op — sums gradients of reused tensors and undoes broadcasting.
import { ShapeError, fmt, sameShape } from "./shape";
import { sumToShape } from "./kernels/elementwise";
import type { Tensor } from "./tensor";

/** A gradient function: gets dL/d(output), returns dL/d(input) per parent (null = none). */
export type BackwardFn = (grad: Tensor) => readonly (Tensor | null)[];

/** What the tracer sees of the engine while a model runs. Every callback is optional. */
export interface EngineObserver {
  /** A tensor was produced by an op (after its forward ran). */
  onOp?(out: Tensor): void;
  /** A leaf was created (param(), tensor(), randn(), module parameters…). */
  onLeaf?(t: Tensor): void;
  /** The walker computed dL/d(node) for a node, before passing it to the node's parents. */
  onGrad?(node: Tensor, grad: Tensor): void;
  /** A scope was entered (a module's forward is about to run); it is on top of scopeStack(). */
  onScope?(scope: Scope): void;
}

/** A scope the module stack can hold: anything with a readable kind (nn modules, custom ops). */
export interface Scope {
  readonly kind: string;
}

let gradEnabled = true;
let observer: EngineObserver | null = null;
const scopes: Scope[] = [];
// Entry number of each scope on the stack: unique per withScope call, so two calls of the same module
// (or one module's calls in two passes) are told apart.
const entryIds: number[] = [];
let entries = 0;

/** Whether ops currently record the graph for backward. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording gradients (as torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Installs (or with null removes) the engine observer; returns the previous one. */
export function setObserver(next: EngineObserver | null): EngineObserver | null {
  const prev = observer;
  observer = next;
  return prev;
}

/** The current observer, if any. */
export function getObserver(): EngineObserver | null {
  return observer;
}

/** Runs fn with `scope` pushed on the scope stack (modules call this around forward). */
export function withScope<T>(scope: Scope, fn: () => T): T {
  scopes.push(scope);
  entryIds.push(++entries);
  try {
    observer?.onScope?.(scope);
    return fn();
  } finally {
    scopes.pop();
    entryIds.pop();
  }
}

/** The scope stack, outermost first (a live view: copy it to keep it). */
export function scopeStack(): readonly Scope[] {
  return scopes;
}

/** The entry number of each scope on the stack (unique per withScope call), outermost first (a live view). */
export function scopeEntryIds(): readonly number[] {
  return entryIds;
}

/** Reports a new leaf to the observer. */
export function notifyLeaf(t: Tensor): void {
  observer?.onLeaf?.(t);
}

/** Reports a new op output to the observer. */
export function notifyOp(t: Tensor): void {
  observer?.onOp?.(t);
}

/** Nodes reachable from `root` through parents, in topological order (parents first). Iterative: deep graphs do not overflow the stack. */
export function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.parents.length) {
      top[1] = i + 1;
      const p = node.parents[i];
      if (!seen.has(p) && p.requiresGrad) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/**
 * Backpropagates from `root`: visits nodes in reverse topological order, sums the gradients that
 * reach each node, undoes broadcasting, and accumulates into `.grad` of leaves (and of nodes that
 * called retainGrad()).
 */
export function runBackward(root: Tensor, seed: Tensor): void {
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const order = topoSort(root);
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      const g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      observer?.onGrad?.(node, g);
      if (node.isLeaf || node.retainsGrad) node.accumulateGrad(g);
      const backward = node.backwardFn;
      if (backward === null) continue;
      const inGrads = backward(g);
      node.parents.forEach((p, i) => {
        const pg = inGrads[i];
        if (pg === null || pg === undefined || !p.requiresGrad) return;
        const fitted = fitGrad(node.op, pg, p);
        const prev = grads.get(p);
        grads.set(p, prev === undefined ? fitted : prev.add(fitted));
      });
    }
  });
}

/** Undoes broadcasting: sums a parent's gradient back down to the parent's shape. */
function fitGrad(op: string, g: Tensor, parent: Tensor): Tensor {
  if (sameShape(g.shape, parent.shape)) return g;
  const lead = g.shape.length - parent.shape.length;
  const ok = lead >= 0 && parent.shape.every((s, i) => s === 1 || s === g.shape[i + lead]);
  if (!ok) {
    throw new ShapeError(op, `backward produced a gradient of shape ${fmt(g.shape)} for an input of shape ${fmt(parent.shape)}`);
  }
  return g.withData(sumToShape(g.data, g.shape, parent.shape), parent.shape);
}
