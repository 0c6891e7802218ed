// Finds repeated identical blocks (transformer layers, stacked residual blocks): consecutive sibling
// modules whose subgraphs have the same ops, shapes and wiring, so the graph can show them as one "× N" node.
import type { GraphIndex } from "./graphIndex";

/** A run of N ≥ 2 consecutive identical sibling modules. */
export interface RepeatRun {
  /** Stable key: "repeat:" + the first member's path. */
  id: string;
  /** Their common parent group. */
  parent: string;
  /** Member group paths, in execution order. */
  members: string[];
}

/**
 * The structural signature of a group: every node in it (nested modules included) as kind, op, shape,
 * module path relative to the group, and where each input comes from (a local position or outside).
 * Two modules with equal signatures ran the same computation on the same shapes.
 */
export function groupSignature(index: GraphIndex, path: string): string {
  const group = index.groups.get(path);
  if (!group) return "";
  const local = new Map<number, number>();
  group.nodes.forEach((id, k) => local.set(id, k));
  const prefix = path.length + 1;
  const parts: string[] = [];
  for (const id of group.nodes) {
    const node = index.nodes[id];
    const rel = index.groupOf[id].slice(prefix);
    const ins = index.inputs[id].map((from) => local.get(from) ?? "x").join(",");
    parts.push(`${node.kind}|${node.op}|${node.shape.join("x")}|${rel}|${ins}`);
  }
  return parts.join(";");
}

/** Every run of identical consecutive siblings, outermost parents first. */
export function findRepeatRuns(index: GraphIndex): RepeatRun[] {
  const runs: RepeatRun[] = [];
  const signatures = new Map<string, string>();
  const sig = (path: string): string => {
    let s = signatures.get(path);
    if (s === undefined) {
      s = groupSignature(index, path);
      signatures.set(path, s);
    }
    return s;
  };
  const groups = [...index.groups.values()].sort((a, b) => a.depth - b.depth);
  for (const parent of groups) {
    const kids = parent.children;
    let start = 0;
    while (start < kids.length) {
      let end = start + 1;
      while (end < kids.length && sig(kids[end]) === sig(kids[start]) && contiguous(index, kids[end - 1], kids[end])) end++;
      if (end - start >= 2 && sig(kids[start]) !== "") {
        const members = kids.slice(start, end);
        runs.push({ id: `repeat:${members[0]}`, parent: parent.path, members });
      }
      start = end;
    }
  }
  return runs;
}

/** Short name of a run: "layers.0–5 × 6" style, or the common prefix with the index range. */
export function runTitle(run: RepeatRun): string {
  const first = run.members[0];
  const last = run.members[run.members.length - 1];
  const dot = first.lastIndexOf(".");
  const head = dot >= 0 ? first.slice(0, dot + 1) : "";
  const lastName = last.slice(last.lastIndexOf(".") + 1);
  return `${first}–${head === "" ? last : lastName}`;
}

// Two siblings are consecutive when no op of the parent (or of another module) ran between them:
// merging them then never hides an op that sits between the blocks.
function contiguous(index: GraphIndex, a: string, b: string): boolean {
  const ga = index.groups.get(a)!;
  const gb = index.groups.get(b)!;
  const lastA = lastOp(index, ga.nodes);
  const firstB = firstOp(index, gb.nodes);
  if (lastA < 0 || firstB < 0 || firstB < lastA) return false;
  for (let id = lastA + 1; id < firstB; id++) {
    const node = index.nodes[id];
    if (node.kind !== "op") continue;
    const g = index.groupOf[id];
    if (!(g === b || g.startsWith(`${b}.`) || g === a || g.startsWith(`${a}.`))) return false;
  }
  return true;
}

function firstOp(index: GraphIndex, ids: readonly number[]): number {
  for (const id of ids) if (index.nodes[id].kind === "op") return id;
  return -1;
}

function lastOp(index: GraphIndex, ids: readonly number[]): number {
  for (let k = ids.length - 1; k >= 0; k--) if (index.nodes[ids[k]].kind === "op") return ids[k];
  return -1;
}
