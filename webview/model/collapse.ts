// The default collapse state: small graphs are shown whole; above a node count, repeated blocks are
// merged and modules collapsed, then expanded outermost first while the shown graph stays small.
import { type GraphIndex, ROOT } from "./graphIndex";
import type { RepeatRun } from "./repeats";
import { type CollapseState, type VisibleItem, dissolvedBoxes, isDissolved } from "./visibleGraph";

/** Graphs with at most this many nodes are shown fully expanded. */
export const COLLAPSE_THRESHOLD = 150;
/** Boxes the default view aims for when it has to collapse. */
export const DEFAULT_BUDGET = 120;
/** Above this many boxes, drawing takes seconds: the view draws the part nearest the loss instead. */
export const LARGE_GRAPH = 6000;
/** Boxes drawn when the view shows only the part nearest the loss. */
export const LOSS_WINDOW = 600;

/** Nothing collapsed, nothing merged. */
export const EXPANDED: CollapseState = { collapsed: new Set(), merged: new Set() };

/** The state a trace opens in. */
export function defaultCollapse(index: GraphIndex, runs: readonly RepeatRun[], threshold = COLLAPSE_THRESHOLD, budget = DEFAULT_BUDGET): CollapseState {
  if (index.nodes.length <= threshold) return EXPANDED;
  const collapsed = new Set<string>();
  for (const path of index.groups.keys()) if (path !== ROOT) collapsed.add(path);
  const merged = new Set(runs.map((r) => r.id));
  return expandWithinBudget(index, runs, { collapsed, merged }, budget);
}

/** Everything collapsed to the top-level modules (repeats merged). */
export function collapseAll(index: GraphIndex, runs: readonly RepeatRun[]): CollapseState {
  const collapsed = new Set<string>();
  for (const path of index.groups.keys()) if (path !== ROOT) collapsed.add(path);
  return { collapsed, merged: new Set(runs.map((r) => r.id)) };
}

/** Expands collapsed modules breadth-first (outermost first) while the box count stays within budget. */
export function expandWithinBudget(index: GraphIndex, runs: readonly RepeatRun[], state: CollapseState, budget: number): CollapseState {
  const collapsed = new Set(state.collapsed);
  const merged = new Set(state.merged);
  const mergedRunOf = new Map<string, RepeatRun>();
  for (const r of runs) if (merged.has(r.id)) for (const m of r.members) mergedRunOf.set(m, r);
  let boxes = shownBoxes(index, ROOT, collapsed, mergedRunOf);
  const queue = [...index.groups.get(ROOT)!.children];
  for (let k = 0; k < queue.length; k++) {
    const path = queue[k];
    if (mergedRunOf.has(path)) continue;
    if (!collapsed.has(path)) {
      queue.push(...index.groups.get(path)!.children);
      continue;
    }
    // Expanding replaces one box by the boxes of the module's own contents.
    const next = boxes - 1 + contentBoxes(index, path, mergedRunOf);
    if (next > budget) continue;
    collapsed.delete(path);
    boxes = next;
    queue.push(...index.groups.get(path)!.children);
  }
  return { collapsed, merged };
}

/** Boxes shown for a state (what buildVisibleGraph would call leafCount), without building it. */
export function countBoxes(index: GraphIndex, runs: readonly RepeatRun[], state: CollapseState): number {
  const mergedRunOf = new Map<string, RepeatRun>();
  for (const r of runs) if (state.merged.has(r.id)) for (const m of r.members) if (!mergedRunOf.has(m)) mergedRunOf.set(m, r);
  return shownBoxes(index, ROOT, state.collapsed, mergedRunOf);
}

function shownBoxes(index: GraphIndex, path: string, collapsed: ReadonlySet<string>, mergedRunOf: ReadonlyMap<string, RepeatRun>): number {
  const g = index.groups.get(path)!;
  let n = shownDirect(index, g.directNodes);
  for (const child of g.children) {
    const run = mergedRunOf.get(child);
    if (run) n += run.members[0] === child ? 1 : 0;
    else if (isDissolved(index, child)) n += dissolvedBoxes(index, child);
    else if (collapsed.has(child)) n += 1;
    else n += shownBoxes(index, child, collapsed, mergedRunOf);
  }
  return n;
}

function contentBoxes(index: GraphIndex, path: string, mergedRunOf: ReadonlyMap<string, RepeatRun>): number {
  const g = index.groups.get(path)!;
  let n = shownDirect(index, g.directNodes);
  for (const child of g.children) {
    const run = mergedRunOf.get(child);
    if (run) n += run.members[0] === child ? 1 : 0;
    else n += isDissolved(index, child) ? dissolvedBoxes(index, child) : 1;
  }
  return n;
}

function shownDirect(index: GraphIndex, ids: readonly number[]): number {
  let n = 0;
  for (const id of ids) if (index.nodes[id].kind !== "constant") n++;
  return n;
}

/** The state after the reader toggles a box: a module opens or closes, a "× N" box splits into its blocks (null: not a toggle). */
export function toggleItem(state: CollapseState, item: VisibleItem): CollapseState | null {
  const collapsed = new Set(state.collapsed);
  const merged = new Set(state.merged);
  if (item.kind === "group") {
    // Modules inside keep their own state: re-expanding shows them as the reader left them.
    if (item.expanded) collapsed.add(item.path);
    else collapsed.delete(item.path);
  } else if (item.kind === "repeat") {
    merged.delete(item.run.id);
    for (const m of item.run.members) collapsed.add(m);
  } else return null;
  return { collapsed, merged };
}

/** The state with a run of identical blocks merged back into one "× N" box. */
export function mergeRun(state: CollapseState, run: RepeatRun): CollapseState {
  return { collapsed: state.collapsed, merged: new Set([...state.merged, run.id]) };
}
