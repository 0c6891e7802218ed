// Draws a laid-out graph as one SVG string (much faster than creating tens of thousands of elements
// one by one). All text is escaped; colours are presentation attributes, never style attributes, so
// the strict Content-Security-Policy (no inline styles) holds.
import { type GroupStats, statsOfGroup, worstFlag } from "../model/aggregates";
import { BOX, type BoxText } from "../model/boxText";
import { type ColorScale, type NormColor, colorForNorm, paletteAt } from "../model/colorScale";
import { esc, fmtNorm } from "../model/format";
import type { GraphIndex, NodeFlag } from "../model/graphIndex";
import type { EdgePiece } from "../model/layoutInput";
import type { PlacedGraph } from "../model/layoutResult";
import { type Rect, boundsOf, intersects } from "../model/viewRegion";
import type { VisibleGraph, VisibleItem } from "../model/visibleGraph";

/** Codicon glyphs drawn inside SVG text (the codicon font is loaded by the page). */
export const GLYPH = { chevronRight: "\ueab6", chevronDown: "\ueab4", warning: "\uea6c", error: "\uea87" } as const;

const BUCKETS = 24;

/** What the SVG needs besides the layout. */
export interface SvgInput {
  index: GraphIndex;
  graph: VisibleGraph;
  placed: PlacedGraph;
  texts: ReadonlyMap<string, BoxText>;
  scale: ColorScale;
  /** ELK edge id → the shown edge it draws (see layoutInput). */
  pieces: ReadonlyMap<string, EdgePiece>;
}

/**
 * The SVG markup of the graph: arrow markers, expanded modules, edges, then boxes; with `region`, only
 * the modules, edges and boxes that reach into it (see viewRegion.ts).
 */
export function graphSvg({ index, graph, placed, texts, scale, pieces }: SvgInput, region: Rect | null = null): string {
  const inside = (box: Rect | undefined): boolean => box !== undefined && (region === null || intersects(box, region));
  const out: string[] = [markers()];
  out.push('<g class="bpl-layer-groups">');
  for (const item of graph.items) {
    if (item.kind === "group" && item.expanded && inside(placed.boxes.get(item.key))) out.push(groupFrame(index, item.key, item.path, placed, texts, scale));
  }
  out.push('</g><g class="bpl-layer-edges">');
  const edgeByKey = new Map(graph.edges.map((e) => [e.key, e]));
  // An edge that crosses module borders is drawn in pieces (one per border); only the last has an arrow.
  for (const [id, pts] of placed.edges) {
    const piece = pieces.get(id);
    const e = piece ? edgeByKey.get(piece.edge) : undefined;
    if (!piece || !e || (region !== null && !intersects(boundsOf(pts), region))) continue;
    const c = colorForNorm(e.norm, scale, e.nonFinite);
    const d = `M${pts.map((p) => `${r(p.x)},${r(p.y)}`).join("L")}`;
    const arrow = piece.to !== null ? ` marker-end="url(#bpl-arrow-${bucketOf(c)})"` : "";
    out.push(`<path class="bpl-edge ${colorClass(c)}" d="${d}"${c.kind === "value" ? ` stroke="${c.color}"` : ""}${arrow} data-from="${esc(piece.from)}" data-to="${esc(piece.to ?? "")}"/>`);
  }
  out.push('</g><g class="bpl-layer-boxes">');
  for (const item of graph.items) {
    if (item.kind === "group" && item.expanded) continue;
    const box = placed.boxes.get(item.key);
    const text = texts.get(item.key);
    if (box && text && inside(box)) out.push(boxMarkup(index, item, box, text, scale));
  }
  out.push("</g>");
  return out.join("");
}

/** The colour a shown item is drawn in: its gradient norm (a node's own, a module's outgoing). */
export function itemColor(index: GraphIndex, item: VisibleItem, scale: ColorScale): NormColor {
  switch (item.kind) {
    case "node": {
      const g = index.nodes[item.nodeId].grad;
      return colorForNorm(g?.norm ?? null, scale, g !== null && (g.nan > 0 || g.inf > 0));
    }
    case "group":
      return item.expanded ? { kind: "none" } : colorForNorm(item.stats.outGradNorm, scale, item.stats.nonFinite);
    case "repeat":
      return colorForNorm(item.stats.outGradNorm, scale, item.stats.nonFinite);
    case "more":
      return { kind: "none" };
  }
}

/** The flags of a shown item (a collapsed module carries those of everything inside). */
export function itemFlags(index: GraphIndex, item: VisibleItem): NodeFlag[] {
  switch (item.kind) {
    case "node":
      return index.nodeFlags.get(item.nodeId) ?? [];
    case "group":
      return item.expanded ? (index.groupFlags.get(item.path) ?? []) : item.stats.flags;
    case "repeat":
      return item.stats.flags;
    case "more":
      return [];
  }
}

function boxMarkup(index: GraphIndex, item: VisibleItem, box: { x: number; y: number; width: number; height: number }, text: BoxText, scale: ColorScale): string {
  const c = itemColor(index, item, scale);
  const flags = itemFlags(index, item);
  const kindClass = item.kind === "node" ? `bpl-node kind-${index.nodes[item.nodeId].kind}` : item.kind === "group" ? "bpl-collapsed" : item.kind === "more" ? "bpl-more" : "bpl-repeat";
  const cls = `bpl-box ${kindClass} ${colorClass(c)}${flags.length > 0 ? " is-flagged" : ""}`;
  const w = box.width;
  const hgt = box.height;
  const stroke = c.kind === "value" ? ` stroke="${c.color}"` : "";
  const fill = c.kind === "value" ? ` fill="${c.color}"` : "";
  const parts: string[] = [`<g class="${cls}" data-key="${esc(item.key)}" transform="translate(${r(box.x)},${r(box.y)})">`];
  const stacks = item.kind === "repeat" || item.kind === "more" ? 2 : item.kind === "group" ? 1 : 0;
  for (let s = stacks; s >= 1; s--) parts.push(`<rect class="bpl-stack" x="${3 * s}" y="${3 * s}" width="${w}" height="${hgt}" rx="4"${stroke}/>`);
  parts.push(`<rect class="bpl-box-bg" width="${w}" height="${hgt}" rx="4"${stroke}/>`);
  parts.push(`<rect class="bpl-box-accent" x="0.5" y="0.5" width="4" height="${hgt - 1}" rx="2"${fill}/>`);
  const chevron = item.kind === "group" ? `<tspan class="bpl-glyph" data-toggle="1">${GLYPH.chevronRight}</tspan> ` : "";
  const tx = BOX.padX + 2;
  parts.push(`<text class="bpl-box-title" x="${tx}" y="15">${chevron}${esc(clip(text.title))}${text.tag ? `<tspan class="bpl-box-tag" dx="6">${esc(text.tag)}</tspan>` : ""}</text>`);
  text.lines.forEach((line, k) => {
    parts.push(`<text class="bpl-box-line" x="${tx}" y="${BOX.titleHeight + 11 + k * BOX.lineHeight}">${esc(clip(line))}</text>`);
  });
  if (item.kind === "repeat" && text.strip > 0) parts.push(strip(item.memberNorms, w, BOX.titleHeight + text.lines.length * BOX.lineHeight + 2, scale));
  const worst = worstFlag(flags);
  if (worst) parts.push(flagMarker(worst, w));
  parts.push(`<title>${esc(tooltip(text, flags))}</title></g>`);
  return parts.join("");
}

function groupFrame(index: GraphIndex, key: string, path: string, placed: PlacedGraph, texts: ReadonlyMap<string, BoxText>, scale: ColorScale): string {
  const box = placed.boxes.get(key);
  if (!box) return "";
  const text = texts.get(key);
  const stats: GroupStats = statsOfGroup(index, path);
  const c = colorForNorm(stats.outGradNorm, scale, stats.nonFinite);
  const flags = index.groupFlags.get(path) ?? [];
  const worst = worstFlag(flags);
  const w = box.width;
  return [
    `<g class="bpl-group ${colorClass(c)}${flags.length > 0 ? " is-flagged" : ""}" data-key="${esc(key)}" transform="translate(${r(box.x)},${r(box.y)})">`,
    `<rect class="bpl-group-bg" width="${w}" height="${box.height}" rx="6"/>`,
    `<rect class="bpl-group-header" width="${w}" height="${BOX.groupHeader}" rx="6" data-toggle="1"/>`,
    `<rect class="bpl-group-accent" x="8" y="${BOX.groupHeader - 3}" width="${Math.max(0, w - 16)}" height="2"${c.kind === "value" ? ` fill="${c.color}"` : ""}/>`,
    `<text class="bpl-group-title" x="10" y="18" data-toggle="1"><tspan class="bpl-glyph">${GLYPH.chevronDown}</tspan> ${esc(path)}${text?.tag ? `<tspan class="bpl-box-tag" dx="6">${esc(text.tag)}</tspan>` : ""}</text>`,
    `<text class="bpl-group-norm" x="${w - (worst ? 26 : 10)}" y="18" text-anchor="end">‖g‖ ${esc(fmtNorm(stats.outGradNorm))}</text>`,
    worst ? flagMarker(worst, w, 14) : "",
    `<title>${esc(`${path}${text?.tag ? ` (${text.tag})` : ""}\n‖g‖ out ${fmtNorm(stats.outGradNorm)}${flags.map((f) => `\n⚠ ${f.text}`).join("")}`)}</title>`,
    "</g>",
  ].join("");
}

function strip(norms: readonly (number | null)[], w: number, y: number, scale: ColorScale): string {
  const x0 = BOX.padX + 2;
  const width = w - x0 - BOX.padX;
  const cell = width / norms.length;
  return norms
    .map((n, k) => {
      const c = colorForNorm(n, scale);
      return `<rect class="bpl-strip-cell ${colorClass(c)}" x="${r(x0 + k * cell)}" y="${y}" width="${r(Math.max(1, cell - 1))}" height="${BOX.stripHeight}"${c.kind === "value" ? ` fill="${c.color}"` : ""}/>`;
    })
    .join("");
}

function flagMarker(flag: NodeFlag, w: number, y = 0): string {
  const severe = flag.kind === "nan" || flag.kind === "anomaly" || flag.kind === "check-fail" || flag.kind === "suspect";
  return `<g class="bpl-flag ${severe ? "is-error" : "is-warning"}" transform="translate(${w - 2},${y})"><circle r="9"/><text class="bpl-glyph" text-anchor="middle" y="5">${severe ? GLYPH.error : GLYPH.warning}</text></g>`;
}

function markers(): string {
  const marker = (id: string, fill: string, cls = ""): string =>
    `<marker id="bpl-arrow-${id}" class="${cls}" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0.5L8,4L0,7.5z" fill="${fill}"/></marker>`;
  const defs: string[] = ["<defs>"];
  for (let b = 0; b < BUCKETS; b++) defs.push(marker(String(b), paletteAt((b + 0.5) / BUCKETS)));
  defs.push(marker("none", "currentColor", "bpl-arrow-none"), marker("zero", "currentColor", "bpl-arrow-zero"), marker("nonfinite", "currentColor", "bpl-arrow-nonfinite"));
  defs.push("</defs>");
  return defs.join("");
}

function bucketOf(c: NormColor): string {
  return c.kind === "value" ? String(Math.min(BUCKETS - 1, Math.floor(c.t * BUCKETS))) : c.kind;
}

function colorClass(c: NormColor): string {
  return c.kind === "value" ? "has-grad" : `grad-${c.kind}`;
}

function tooltip(text: BoxText, flags: readonly NodeFlag[]): string {
  return [`${text.title}${text.tag ? ` (${text.tag})` : ""}`, ...text.lines, ...flags.map((f) => `⚠ ${f.text}`)].join("\n");
}

function clip(s: string): string {
  return s.length > BOX.maxChars ? `${s.slice(0, BOX.maxChars - 1)}…` : s;
}

function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
