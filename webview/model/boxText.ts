// The text each box shows and the size it needs: the layout sizes boxes from this, and the renderer
// draws exactly these lines, so measured and drawn text never disagree.
import type { GraphNode, TensorStats } from "../../src/protocol";
import type { GraphIndex } from "./graphIndex";
import { fmtCount, fmtNorm, fmtNum, fmtShape, jsonNum } from "./format";
import { runTitle } from "./repeats";
import type { VisibleItem } from "./visibleGraph";

/** What a box shows: a bold title, a dim tag after it, and monospace detail lines. */
export interface BoxText {
  title: string;
  tag: string;
  lines: string[];
  /** Cells of the per-repeat strip ("× N" boxes). */
  strip: number;
}

/** Box metrics (px), shared by the layout input and the renderer. Monospace text: width = chars × advance. */
export const BOX = {
  titleFont: 12,
  lineFont: 11,
  titleAdvance: 7.3,
  lineAdvance: 6.7,
  padX: 10,
  titleHeight: 22,
  lineHeight: 15,
  padBottom: 7,
  stripHeight: 12,
  minWidth: 84,
  maxChars: 44,
  /** Header height of an expanded module (its title bar). */
  groupHeader: 28,
} as const;

/** Largest tensor whose raw values a box prints (micrograd prints scalars; a few elements still read well). */
export const INLINE_VALUES = 4;

/** The text of a shown item. */
export function boxText(index: GraphIndex, item: VisibleItem): BoxText {
  switch (item.kind) {
    case "node":
      return nodeText(index, index.nodes[item.nodeId]);
    case "group": {
      const kind = index.moduleKind(item.path);
      if (item.expanded) return { title: item.path, tag: kind, lines: [], strip: 0 };
      const s = item.stats;
      return {
        title: item.path,
        tag: s.kind ?? kind,
        lines: [
          `${fmtCount(s.opCount)} ops · ${fmtCount(s.paramCount)} params`,
          `‖g‖ out ${fmtNorm(s.outGradNorm)}${s.paramGradNorm !== null ? ` · par ${fmtNorm(s.paramGradNorm)}` : ""}`,
        ],
        strip: 0,
      };
    }
    case "more":
      return { title: `⋯ ${fmtCount(item.nodes)} more nodes`, tag: "", lines: ["further from the loss, not drawn", "select to show all"], strip: 0 };
    case "repeat": {
      const n = item.run.members.length;
      const norms = item.memberNorms.filter((v): v is number => v !== null && v > 0);
      const range = norms.length > 0 ? `${fmtNorm(Math.min(...norms))} … ${fmtNorm(Math.max(...norms))}` : "—";
      return {
        title: `${runTitle(item.run)} × ${n}`,
        tag: item.stats.kind ?? "",
        lines: [`${n} × ${fmtCount(Math.round(item.stats.opCount / n))} ops`, `‖g‖ out ${range}`],
        strip: n,
      };
    }
  }
}

/** Width and height a box needs for its text. */
export function boxSize(text: BoxText): { width: number; height: number } {
  const titleChars = Math.min(BOX.maxChars, text.title.length + (text.tag ? text.tag.length + 2 : 0));
  const lineChars = Math.min(BOX.maxChars, Math.max(0, ...text.lines.map((l) => l.length)));
  const width = Math.max(BOX.minWidth, Math.ceil(Math.max(titleChars * BOX.titleAdvance, lineChars * BOX.lineAdvance) + 2 * BOX.padX + 6));
  const height = BOX.titleHeight + text.lines.length * BOX.lineHeight + (text.strip > 0 ? BOX.stripHeight + 4 : 0) + BOX.padBottom;
  return { width, height };
}

/** The text of one graph node: op (or leaf name), shape, and for small tensors data and grad as micrograd draws them. */
export function nodeText(index: GraphIndex, node: GraphNode): BoxText {
  const param = index.paramByNode.get(node.id);
  let title: string;
  let tag: string;
  if (node.kind === "op" || (node.kind === "input" && node.op !== "leaf")) {
    // Constant operands are not drawn as boxes: they show in the op's own name, as in div(·, 8).
    const ins = index.inputs[node.id];
    const call = ins.some((i) => index.nodes[i].kind === "constant")
      ? `${node.op}(${ins.map((i) => (index.nodes[i].kind === "constant" ? fmtNum(scalarOf(index.nodes[i].value, index.nodes[i].values)) : "·")).join(", ")})`
      : node.op;
    title = node.label ?? call;
    tag = node.label ? call : "";
    if (node.custom) tag = tag ? `${tag}, custom` : "custom";
    // An op result that needs no gradient (inputs computed before the pass) is an input of the pass.
    if (node.kind === "input") tag = tag ? `${tag}, input` : "input";
  } else if (node.kind === "constant") {
    return { title: fmtNum(scalarOf(node.value, node.values)), tag: "const", lines: [], strip: 0 };
  } else {
    title = param?.name ?? node.label ?? node.kind;
    tag = title === node.kind ? "" : node.kind;
  }
  const numel = node.value.numel;
  const lines: string[] = [];
  if (numel === 1) {
    if (node.shape.length > 0) lines.push(fmtShape(node.shape));
    lines.push(`data ${fmtNum(scalarOf(node.value, node.values))}`);
    lines.push(`grad ${node.grad ? fmtNum(scalarOf(node.grad, node.gradValues)) : "—"}`);
  } else if (numel <= INLINE_VALUES && node.values) {
    lines.push(fmtShape(node.shape));
    lines.push(`data ${fmtList(node.values)}`);
    lines.push(`grad ${node.gradValues ? fmtList(node.gradValues) : node.grad ? `‖${fmtNorm(node.grad.norm)}‖` : "—"}`);
  } else {
    const dtype = node.dtype === "float64" ? "" : ` ${node.dtype}`;
    lines.push(`${fmtShape(node.shape)}${dtype}`);
    lines.push(node.grad ? `‖g‖ ${fmtNorm(node.grad.norm)}` : "no grad");
  }
  return { title, tag, lines, strip: 0 };
}

/** The value of a one-element tensor from its raw values or its statistics (mean = the value). */
export function scalarOf(stats: TensorStats, values?: readonly (number | string)[]): number {
  if (values && values.length === 1) return jsonNum(values[0] as number);
  if (stats.mean !== null) return stats.mean;
  if (stats.nan > 0) return NaN;
  if (stats.inf > 0) return Infinity;
  return NaN;
}

function fmtList(values: readonly (number | string)[]): string {
  return `[${values.map((v) => fmtNum(jsonNum(v as number), 3)).join(", ")}]`;
}
