// Reads ELK's output into absolute coordinates: boxes by key and edge polylines, ready to draw.
import type { ElkNode, ElkPoint } from "elkjs/lib/elk-api";

/** A placed box, absolute coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed graph: every box and every edge's points, absolute. */
export interface PlacedGraph {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  edges: Map<string, ElkPoint[]>;
}

interface ElkEdgeOut {
  id: string;
  container?: string;
  sections?: { startPoint: ElkPoint; endPoint: ElkPoint; bendPoints?: ElkPoint[] }[];
}

/** Converts ELK's laid-out graph (relative coordinates) to absolute boxes and edge points. */
export function readLayout(root: ElkNode): PlacedGraph {
  const boxes = new Map<string, Box>();
  const origin = new Map<string, ElkPoint>([[root.id, { x: 0, y: 0 }]]);
  const edgeLists: ElkEdgeOut[] = [];
  const walk = (node: ElkNode, ox: number, oy: number): void => {
    for (const e of (node.edges ?? []) as ElkEdgeOut[]) edgeLists.push({ ...e, container: e.container ?? node.id });
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      boxes.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
      origin.set(child.id, { x, y });
      walk(child, x, y);
    }
  };
  walk(root, 0, 0);
  const edges = new Map<string, ElkPoint[]>();
  for (const e of edgeLists) {
    // NOTE: ELK gives edge points relative to the edge's container node, not to the root.
    const o = origin.get(e.container ?? root.id) ?? { x: 0, y: 0 };
    const points: ElkPoint[] = [];
    for (const s of e.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: p.x + o.x, y: p.y + o.y });
    }
    if (points.length >= 2) edges.set(e.id, points);
  }
  return { width: root.width ?? 0, height: root.height ?? 0, boxes, edges };
}
