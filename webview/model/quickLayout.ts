// A layered layout in linear time, for large graphs drawn without expanded modules. ELK's layered
// algorithm costs about half a millisecond per box even with crossing minimisation off (4,871 boxes:
// 2.6 s in Node, ~4 s in the panel's worker); dagre overflows its stack on the same graph and
// d3-dag's sugiyama takes 1.8 s. This follows the rules of ELK's fast setting: layers top-down by
// longest path, execution order within a layer, no crossing minimisation; sources (parameters,
// inputs) sit just above their first reader; each box as close as the order allows to the mean x of
// the ops it reads (sources: of their readers), by an isotonic regression per layer; edges as
// straight segments.
// Input and output are ELK's JSON, so the rest of the pipeline cannot tell the two apart.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";

/** Spacing as in layoutOptions: between boxes of a layer, between layers, around the drawing. */
export const QUICK_SPACING = { node: 18, layer: 30, padding: 24 };

/** True when `root` can be laid out by quickLayout: no box holds other boxes (no expanded module). */
export function isFlat(root: ElkNode): boolean {
  return (root.children ?? []).every((c) => (c.children ?? []).length === 0 && (c.ports ?? []).length === 0);
}

interface Links {
  ins: number[][];
  outs: number[][];
  /** Edge endpoints as box indices, in root.edges order (-1 for an end that is not a box). */
  ends: [number, number][];
}

function links(root: ElkNode, index: ReadonlyMap<string, number>): Links {
  const n = index.size;
  const ins = Array.from({ length: n }, (): number[] => []);
  const outs = Array.from({ length: n }, (): number[] => []);
  const ends = (root.edges ?? []).map((e): [number, number] => {
    const u = index.get(e.sources[0]) ?? -1;
    const v = index.get(e.targets[0]) ?? -1;
    if (u >= 0 && v >= 0 && u !== v) {
      ins[v].push(u);
      outs[u].push(v);
    }
    return [u, v];
  });
  return { ins, outs, ends };
}

/** Longest-path layers from the top (Kahn's order; boxes on a cycle go below what they can reach). */
function layers(l: Links): number[] {
  const n = l.ins.length;
  const layer = new Array<number>(n).fill(0);
  const waiting = l.ins.map((a) => a.length);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (waiting[v] === 0) queue.push(v);
  const done = new Uint8Array(n);
  const visit = (u: number): void => {
    done[u] = 1;
    for (const v of l.outs[u]) {
      layer[v] = Math.max(layer[v], layer[u] + 1);
      if (--waiting[v] === 0) queue.push(v);
    }
  };
  for (let head = 0; head < queue.length; head++) visit(queue[head]);
  // NOTE: a trace's graph has no cycles; should one come, break it at its first box in model order.
  for (let v = 0; v < n; v++) {
    if (done[v]) continue;
    queue.push(v);
    for (let head = queue.length - 1; head < queue.length; head++) if (!done[queue[head]]) visit(queue[head]);
  }
  // Sources just above their first reader, not all at the top.
  for (let v = 0; v < n; v++) {
    if (l.ins[v].length > 0 || l.outs[v].length === 0) continue;
    let first = Infinity;
    for (const c of l.outs[v]) first = Math.min(first, layer[c]);
    layer[v] = Math.max(0, first - 1);
  }
  return layer;
}

/**
 * Lefts closest (least squares) to `want` in order, each at least its width + gap after the previous
 * one: with q = left − (sum of earlier widths and gaps), q must not decrease, which is isotonic
 * regression, solved by pooling adjacent violators in one pass.
 */
export function packRow(want: readonly number[], widths: readonly number[], gap: number): number[] {
  const n = want.length;
  const offset = new Array<number>(n);
  for (let i = 0, acc = 0; i < n; i++) {
    offset[i] = acc;
    acc += widths[i] + gap;
  }
  // Blocks of pooled entries: mean target and size.
  const mean: number[] = [];
  const size: number[] = [];
  for (let i = 0; i < n; i++) {
    mean.push(want[i] - offset[i]);
    size.push(1);
    while (mean.length > 1 && mean[mean.length - 2] > mean[mean.length - 1]) {
      const m = mean.pop()!;
      const s = size.pop()!;
      const k = mean.length - 1;
      mean[k] = (mean[k] * size[k] + m * s) / (size[k] + s);
      size[k] += s;
    }
  }
  const out = new Array<number>(n);
  for (let b = 0, i = 0; b < mean.length; b++) for (let j = 0; j < size[b]; j++, i++) out[i] = mean[b] + offset[i];
  return out;
}

/** Lays out a flat ELK graph (see isFlat): positions every child and gives every edge one section. */
export function quickLayout(root: ElkNode): ElkNode {
  const boxes = root.children ?? [];
  const n = boxes.length;
  const index = new Map<string, number>(boxes.map((b, i) => [b.id, i]));
  const w = boxes.map((b) => b.width ?? 0);
  const h = boxes.map((b) => b.height ?? 0);
  const l = links(root, index);
  const layer = layers(l);
  // Rows in execution (model) order, empty layers dropped.
  const used = [...new Set(layer)].sort((a, b) => a - b);
  const rowOf = new Map(used.map((k, r) => [k, r]));
  const rows = used.map((): number[] => []);
  for (let v = 0; v < n; v++) rows[rowOf.get(layer[v])!].push(v);

  const { node: gap, layer: between, padding } = QUICK_SPACING;
  const x = new Array<number>(n).fill(NaN);
  const center = (v: number): number => x[v] + w[v] / 2;
  const place = (row: readonly number[], target: (v: number) => number): void => {
    const want = row.map(target);
    // Boxes with nothing placed to follow keep their place after their left neighbour.
    for (let i = 0; i < row.length; i++) {
      if (!Number.isNaN(want[i])) continue;
      want[i] = i > 0 ? want[i - 1] + (w[row[i - 1]] + w[row[i]]) / 2 + gap : 0;
    }
    const lefts = packRow(row.map((v, i) => want[i] - w[v] / 2), row.map((v) => w[v]), gap);
    row.forEach((v, i) => (x[v] = lefts[i]));
  };
  const meanOf = (vs: readonly number[]): number => {
    let s = 0;
    let k = 0;
    for (const u of vs) {
      if (Number.isNaN(x[u])) continue;
      s += center(u);
      k++;
    }
    return k > 0 ? s / k : NaN;
  };
  // Down: under the inputs that are ops themselves (a box under the mean of its activation and its
  // weight would drift sideways a little more at every layer). Then up: sources over their readers.
  const opInputs = l.ins.map((us) => {
    const ops = us.filter((u) => l.ins[u].length > 0);
    return ops.length > 0 ? ops : us;
  });
  for (const row of rows) place(row, (v) => meanOf(opInputs[v]));
  for (let r = rows.length - 1; r >= 0; r--) {
    const row = rows[r];
    if (row.every((v) => l.ins[v].length > 0)) continue;
    place(row, (v) => (l.ins[v].length > 0 ? center(v) : meanOf(l.outs[v])));
  }

  const y = new Array<number>(n).fill(0);
  let top = padding;
  for (const row of rows) {
    let tallest = 0;
    for (const v of row) tallest = Math.max(tallest, h[v]);
    for (const v of row) y[v] = top + (tallest - h[v]) / 2;
    top += tallest + between;
  }
  let minX = Infinity;
  let maxX = -Infinity;
  for (let v = 0; v < n; v++) {
    minX = Math.min(minX, x[v]);
    maxX = Math.max(maxX, x[v] + w[v]);
  }
  const shift = n > 0 ? padding - minX : padding;
  const children = boxes.map((b, v) => ({ ...b, x: x[v] + shift, y: y[v] }));
  const cx = children.map((c) => c.x + (c.width ?? 0) / 2);
  const outAt = slots(l.outs, cx, children);
  const inAt = slots(l.ins, cx, children);
  const edges = (root.edges ?? []).map((e, i): ElkExtendedEdge => {
    const [u, v] = l.ends[i];
    if (u < 0 || v < 0) return { ...e, sections: [] };
    const startPoint: ElkPoint = { x: outAt[u]?.get(v) ?? cx[u], y: children[u].y + h[u] };
    const endPoint: ElkPoint = { x: inAt[v]?.get(u) ?? cx[v], y: children[v].y };
    return { ...e, sections: [{ id: `${e.id}:s`, startPoint, endPoint }] };
  });
  return { ...root, children, edges, width: n > 0 ? maxX - minX + 2 * padding : 2 * padding, height: n > 0 ? top - between + padding : 2 * padding };
}

/**
 * Where each box's edges meet it: spread along its side in the order of the other ends' x, so
 * that edges into one box do not all end in one point (x by box, then by the box at the other end);
 * null for a box with one neighbour on that side (its middle).
 */
function slots(adj: readonly number[][], cx: readonly number[], boxes: readonly ElkNode[]): (Map<number, number> | null)[] {
  return adj.map((others, k) => {
    if (others.length < 2) return null;
    const distinct = [...new Set(others)];
    if (distinct.length < 2) return null;
    const at = new Map<number, number>();
    distinct.sort((a, b) => cx[a] - cx[b] || a - b);
    const left = boxes[k].x ?? 0;
    const width = boxes[k].width ?? 0;
    distinct.forEach((o, i) => at.set(o, left + (width * (i + 1)) / (distinct.length + 1)));
    return at;
  });
}
