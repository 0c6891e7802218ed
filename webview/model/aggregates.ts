// Aggregated gradient statistics of a set of nodes: what a collapsed module or a "× N" node shows.
import type { LayerFlag } from "../../src/protocol";
import { type GraphIndex, type NodeFlag, isWithin } from "./graphIndex";

/** Statistics of a collapsed group (or one repeat of a block). */
export interface GroupStats {
  nodeCount: number;
  opCount: number;
  paramCount: number;
  paramNumel: number;
  /** ‖g‖ over the parameters inside: sqrt of the sum of their squared gradient norms. */
  paramGradNorm: number | null;
  /** ‖dL/d(outputs)‖ over the nodes whose values leave the group (the gradient arriving at it). */
  outGradNorm: number | null;
  /** log10 of the smallest and largest nonzero gradient norm inside. */
  minLogGrad: number | null;
  maxLogGrad: number | null;
  /** Any NaN or Inf in a gradient inside. */
  nonFinite: boolean;
  flags: NodeFlag[];
  /** Module class name when the trace knows it (from its layer). */
  kind: string | null;
}

/** Aggregates the nodes of a group path (and the flags of every module within it). */
export function statsOfGroup(index: GraphIndex, path: string): GroupStats {
  const g = index.groups.get(path);
  const ids = g ? g.nodes : [];
  const stats = statsOfNodes(index, ids);
  for (const [name, flags] of index.groupFlags) if (isWithin(name, path)) mergeFlags(stats.flags, flags);
  stats.kind = index.moduleKind(path) || null;
  return stats;
}

/** Aggregates any set of node ids. */
export function statsOfNodes(index: GraphIndex, ids: readonly number[]): GroupStats {
  const inside = new Set(ids);
  let opCount = 0;
  let paramCount = 0;
  let paramNumel = 0;
  let paramSq = 0;
  let hasParamGrad = false;
  let outSq = 0;
  let hasOut = false;
  let minLog = Infinity;
  let maxLog = -Infinity;
  let nonFinite = false;
  const flags: NodeFlag[] = [];
  const root = index.result.graph.root;
  for (const id of ids) {
    const node = index.nodes[id];
    if (node.kind === "op") opCount++;
    const grad = node.grad;
    const param = index.paramByNode.get(id);
    if (param) {
      paramCount++;
      paramNumel += param.numel;
      if (param.gradNorm !== null) {
        paramSq += param.gradNorm ** 2;
        hasParamGrad = true;
      }
    }
    if (grad) {
      if (grad.nan > 0 || grad.inf > 0) nonFinite = true;
      if (grad.norm !== null && grad.norm > 0) {
        const l = Math.log10(grad.norm);
        minLog = Math.min(minLog, l);
        maxLog = Math.max(maxLog, l);
      }
      const leaves = id === root || index.consumers[id].some((c) => !inside.has(c));
      if (leaves && node.kind === "op" && grad.norm !== null) {
        outSq += grad.norm ** 2;
        hasOut = true;
      }
    }
    const nf = index.nodeFlags.get(id);
    if (nf) mergeFlags(flags, nf);
  }
  return {
    nodeCount: ids.length,
    opCount,
    paramCount,
    paramNumel,
    paramGradNorm: hasParamGrad ? Math.sqrt(paramSq) : null,
    outGradNorm: hasOut ? Math.sqrt(outSq) : null,
    minLogGrad: minLog === Infinity ? null : minLog,
    maxLogGrad: maxLog === -Infinity ? null : maxLog,
    nonFinite,
    flags,
    kind: null,
  };
}

/** The flag kinds in severity order (for the single marker a box shows). */
export const FLAG_SEVERITY: readonly (LayerFlag | NodeFlag["kind"])[] = ["nan", "anomaly", "check-fail", "suspect", "exploding", "vanishing", "dead-relu", "saturated"];

/** The most severe flag of a list, if any. */
export function worstFlag(flags: readonly NodeFlag[]): NodeFlag | null {
  let best: NodeFlag | null = null;
  for (const f of flags) if (best === null || FLAG_SEVERITY.indexOf(f.kind) < FLAG_SEVERITY.indexOf(best.kind)) best = f;
  return best;
}

function mergeFlags(into: NodeFlag[], from: readonly NodeFlag[]): void {
  for (const f of from) if (!into.some((x) => x.kind === f.kind && x.text === f.text)) into.push(f);
}
