// The backward walk-through: forward values node by node, then the backward pass in reverse
// topological order, each step showing upstream gradient × local derivative = gradient, as the
// lecture does by hand. For scalar nodes the products are computed here, independently of the
// engine's recorded gradients, so the two can be compared at every step.
import type { GraphIndex } from "./graphIndex";
import { scalarOf } from "./boxText";
import { fmtNorm, fmtNum, fmtShape } from "./format";
import { type Local, type Operand, forwardExpr, localDerivative } from "./localDerivative";

/** A forward step: a node's value from its inputs. */
export interface ForwardStep {
  phase: "forward";
  nodeId: number;
  name: string;
  /** "w1·x + b1" or "parameter". */
  expr: string;
  /** The same with the input values substituted, when they are scalars. */
  numeric: string | null;
  /** The value, or shape and norm for tensors. */
  value: string;
}

/** One input's share of a backward step: upstream × local = its gradient (or contribution). */
export interface BackwardTerm {
  inputId: number;
  inputName: string;
  local: Local;
  product: number | null;
  /** "∂L/∂f2 = ∂L/∂h2 × σ′(f2) = h2·(1 − h2)". */
  text: string;
  /** "0.5307 × 0.2100 = 0.1114" for scalars. */
  numeric: string | null;
  /** The input is used by several nodes: this is one of the contributions summed into its gradient. */
  partial: boolean;
}

/** A backward step at one node: its gradient (the sum of what its consumers sent) and what it passes on. */
export interface BackwardStep {
  phase: "backward";
  nodeId: number;
  name: string;
  /** "∂L/∂h2". */
  gradName: string;
  /** The gradient computed by the walk-through (scalars), seeded with 1 at the loss. */
  grad: number | null;
  /** The gradient the trace recorded (scalars). */
  recorded: number | null;
  /** ‖dL/d(node)‖ as recorded (tensors). */
  gradNorm: number | null;
  /** Contributions that arrived from consumers (a node used k times gets k of them). */
  received: { fromId: number; fromName: string; value: number | null }[];
  terms: BackwardTerm[];
}

/** One step of the walk-through. */
export type WalkStep = ForwardStep | BackwardStep;

/** The whole walk-through of a trace. */
export interface Walkthrough {
  steps: WalkStep[];
  /** Index of the first backward step. */
  backwardStart: number;
  /** How the loss is written in ∂(loss)/∂x. */
  rootName: string;
}

const MAX_EXPR_NAME = 16;

/** Builds the forward and backward steps of a traced graph. */
export function buildWalkthrough(index: GraphIndex): Walkthrough {
  const { nodes, inputs, order } = index;
  const root = index.result.graph.root;
  const names = new Map<number, string>();
  const nameOf = (id: number): string => {
    let s = names.get(id);
    if (s !== undefined) return s;
    const node = nodes[id];
    const param = index.paramByNode.get(id);
    if (node.label) s = node.label;
    else if (param) s = param.name;
    else if (node.kind === "constant") s = fmtNum(scalarOf(node.value, node.values));
    else if (id === root) s = "L";
    else {
      const expr = node.kind === "op" ? forwardExpr(node.op, node.attrs, inputs[id].map(nameOf)) : "";
      s = expr !== "" && expr.length <= MAX_EXPR_NAME && !expr.includes("#") ? expr : `${node.op === "leaf" ? node.kind : node.op}#${id}`;
    }
    names.set(id, s);
    return s;
  };
  const scalar = (id: number): number | null => (nodes[id].value.numel === 1 ? scalarOf(nodes[id].value, nodes[id].values) : null);
  const rootName = nameOf(root);
  const atom = (s: string): string => (/^[\w.#′-]+$/.test(s) ? s : `(${s})`);
  const gradName = (id: number): string => `∂${atom(rootName)}/∂${atom(nameOf(id))}`;

  const steps: WalkStep[] = [];
  for (const id of order) {
    const node = nodes[id];
    const v = scalar(id);
    const value = v !== null ? fmtNum(v) : `${fmtShape(node.shape)}, ‖·‖ ${fmtNorm(node.value.norm)}`;
    if (node.kind === "constant") continue;
    if (node.kind !== "op") {
      steps.push({ phase: "forward", nodeId: id, name: nameOf(id), expr: node.kind === "param" ? "parameter" : node.kind, numeric: null, value });
      continue;
    }
    const ins = inputs[id];
    const vals = ins.map(scalar);
    const numeric = vals.every((x) => x !== null) ? forwardExpr(node.op, node.attrs, vals.map((x) => fmtNum(x))) : null;
    steps.push({ phase: "forward", nodeId: id, name: nameOf(id), expr: forwardExpr(node.op, node.attrs, ins.map(nameOf)), numeric, value });
  }
  const backwardStart = steps.length;

  const received = new Map<number, BackwardStep["received"]>();
  const flows = (id: number): boolean => id === root || nodes[id].grad !== null;
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k];
    if (!flows(id)) continue;
    const node = nodes[id];
    const got = received.get(id) ?? [];
    const grad = id === root ? (node.value.numel === 1 ? 1 : null) : got.length > 0 && got.every((r) => r.value !== null) ? got.reduce((s, r) => s + r.value!, 0) : null;
    const y: Operand = { name: nameOf(id), value: scalar(id) };
    const operands = inputs[id].map((i) => ({ name: nameOf(i), value: scalar(i) }));
    const terms: BackwardTerm[] = [];
    inputs[id].forEach((inputId, slot) => {
      if (!flows(inputId) || node.kind !== "op") return;
      const local = localDerivative(node.op, node.attrs, operands, y, slot);
      const allScalar = node.value.numel === 1 && nodes[inputId].value.numel === 1;
      const product = allScalar && grad !== null && local.value !== null ? grad * local.value : null;
      const partial = index.consumers[inputId].length > 1 || inputs[id].filter((x) => x === inputId).length > 1;
      const lhs = `${gradName(inputId)}${partial ? " +=" : " ="}`;
      terms.push({
        inputId,
        inputName: nameOf(inputId),
        local,
        product,
        text: `${lhs} ${chainText(gradName(id), local, node.shape, nodes[inputId].shape)}`,
        numeric: product !== null ? `${fmtNum(grad)} × ${fmtNum(local.value)} = ${fmtNum(product)}` : null,
        partial,
      });
      const list = received.get(inputId) ?? [];
      list.push({ fromId: id, fromName: nameOf(id), value: product });
      received.set(inputId, list);
    });
    steps.push({
      phase: "backward",
      nodeId: id,
      name: nameOf(id),
      gradName: gradName(id),
      grad,
      recorded: node.grad && node.value.numel === 1 ? scalarOf(node.grad, node.gradValues) : id === root ? 1 : null,
      gradNorm: node.grad?.norm ?? null,
      received: got,
      terms,
    });
  }
  return { steps, backwardStart, rootName };
}

/** The right-hand side of the chain rule for one input: upstream × local (or its tensor form). */
function chainText(upstream: string, local: Local, outShape: readonly number[], inputShape: readonly number[]): string {
  const tensor = outShape.reduce((a, b) => a * b, 1) > 1;
  const summed = outShape.join(",") !== inputShape.join(",") ? ` (summed to ${fmtShape(inputShape)})` : "";
  switch (local.combine) {
    case "scale":
      if (local.formula === "1") return `${upstream}${summed}`;
      return `${upstream} ${tensor ? "⊙" : "×"} ${local.formula}${summed}`;
    case "matmul-right":
      return `${local.transposeUpstream ? `(${upstream})ᵀ` : upstream} · ${local.formula}`;
    case "matmul-left":
      return `${local.formula} · ${upstream}`;
    case "broadcast":
      return `${upstream} (back to ${fmtShape(inputShape)})`;
    case "other":
      return `${upstream} × ${local.formula}`;
  }
}
