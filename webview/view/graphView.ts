// The graph view: toolbar, the SVG canvas with pan and zoom, the legend, and the layout pipeline
// (shown graph → ELK in a worker → SVG). Selection and walk-through highlights are classes on the
// drawn boxes, so changing them never re-lays out the graph. Above CULL_ABOVE boxes only the region
// around the view is drawn, and drawn again when the view leaves it (viewRegion.ts).
import type { BoxText } from "../model/boxText";
import { DEFAULT_BUDGET, EXPANDED, collapseAll, expandWithinBudget, mergeRun, toggleItem } from "../model/collapse";
import { type ColorScale, scaleForNorms } from "../model/colorScale";
import { fmtCount } from "../model/format";
import type { GraphIndex } from "../model/graphIndex";
import type { Box, PlacedGraph } from "../model/layoutResult";
import type { ViewTransform } from "../model/viewState";
import { CULL_ABOVE, type Rect, contains, drawRegion, viewRect } from "../model/viewRegion";
import type { RepeatRun } from "../model/repeats";
import type { CollapseState, VisibleGraph, VisibleItem } from "../model/visibleGraph";
import { ElkClient, LayoutCancelled } from "../layout/elkClient";
import { h, replace } from "./dom";
import { layOut, shownGraph } from "./graphPipeline";
import { type SvgInput, graphSvg } from "./graphSvg";
import { attachGraphKeys } from "./graphKeys";
import { type WalkHighlight, applyHighlights } from "./graphHighlight";
import { GraphOverlay } from "./graphOverlay";
import { graphToolbar } from "./graphToolbar";
import { renderLegend } from "./legend";
import { PanZoom } from "./panZoom";

const SVG_NS = "http://www.w3.org/2000/svg";
const NOTHING: Rect = { x: 0, y: 0, width: 0, height: 0 };

/** What the graph view tells its owner. */
export interface GraphViewEvents {
  onSelect(item: VisibleItem | null): void;
  onStateChange(): void;
  /** A layout was drawn (the first one of a trace: `first`). */
  onDrawn(first: boolean): void;
}

/** The graph panel. */
export class GraphView {
  readonly element: HTMLElement;
  readonly canvas: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly overlay: GraphOverlay;
  private readonly legendHost: HTMLElement;
  private readonly countLabel: HTMLElement;
  private readonly live: HTMLElement;
  private readonly panZoom: PanZoom;
  private readonly elk = new ElkClient();
  private index: GraphIndex | null = null;
  private runs: RepeatRun[] = [];
  private state: CollapseState = EXPANDED;
  private shown: VisibleGraph | null = null;
  private texts = new Map<string, BoxText>();
  private placed: PlacedGraph | null = null;
  /** What the current layout is drawn from, and the region drawn (null: all of it). */
  private drawing: SvgInput | null = null;
  private drawnRegion: Rect | null = null;
  /** The canvas size, as the ResizeObserver last saw it (not measured on every pan frame). */
  private screen = { width: 0, height: 0 };
  private scale: ColorScale = { lo: -3, hi: 1 };
  private selected: string | null = null;
  private walk: WalkHighlight | null = null;
  private generation = 0;
  private allowLarge = false;
  private pendingView: ViewTransform | null = null;
  private firstDraw = true;
  private traceStart = 0;

  constructor(private readonly events: GraphViewEvents) {
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.setAttribute("class", "bpl-svg");
    this.svg.setAttribute("role", "img");
    this.svg.setAttribute("aria-label", "Computation graph");
    this.viewport = document.createElementNS(SVG_NS, "g");
    this.svg.appendChild(this.viewport);
    this.legendHost = h("div", { class: "bpl-legend-host" });
    this.live = h("div", { class: "bpl-sr-only", "aria-live": "polite" });
    this.canvas = h("div", { class: "bpl-canvas", tabindex: 0, "aria-label": "Computation graph: arrow keys move between nodes, Enter expands a module, + and − zoom, 0 fits" }, this.svg, this.legendHost, this.live);
    this.overlay = new GraphOverlay(this.canvas);
    this.canvas.append(this.overlay.banner, this.overlay.card);
    this.countLabel = h("span", { class: "bpl-toolbar-text" });
    const toolbar = graphToolbar(
      {
        fit: () => this.panZoom.fit(),
        zoom: (f) => this.panZoom.zoomBy(f),
        expandAll: () => this.setCollapse(EXPANDED, false),
        collapseAll: () => this.index && this.setCollapse(collapseAll(this.index, this.runs), true),
      },
      this.countLabel,
    );
    this.element = h("div", { class: "bpl-graph" }, toolbar, this.canvas);
    this.panZoom = new PanZoom(this.svg, this.viewport, (v) => this.onView(v));
    // ELK's worker script takes most of a second to start: start it before the first trace arrives.
    this.elk.warmUp();
    // A panel shown, resized or split shows more of a culled drawing.
    new ResizeObserver(([entry]) => {
      this.screen = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.redrawIfOutside();
    }).observe(this.svg);
    this.svg.addEventListener("click", (e) => this.onClick(e));
    this.svg.addEventListener("dblclick", (e) => this.onDoubleClick(e));
    attachGraphKeys(this.canvas, {
      selected: () => this.selected,
      graph: () => this.shown,
      placed: () => this.placed,
      select: (key) => this.select(key, true),
      toggle: (key) => this.toggle(key),
      rootKey: () => (this.index && this.shown ? this.shown.repOf[this.index.result.graph.root] ?? null : null),
      zoom: (f) => this.panZoom.zoomBy(f),
      fit: () => this.panZoom.fit(),
      pan: (dx, dy) => this.panZoom.panBy(dx, dy),
    });
  }

  /** Shows a trace: colour scale over every node, then layout. `view` restores a saved pan/zoom. */
  setTrace(index: GraphIndex, runs: RepeatRun[], state: CollapseState, view: ViewTransform | null): void {
    this.traceStart = performance.now();
    this.index = index;
    this.runs = runs;
    this.state = state;
    this.scale = scaleForNorms(index.nodes.map((n) => n.grad?.norm));
    replace(this.legendHost, renderLegend(this.scale));
    this.allowLarge = false;
    this.pendingView = view;
    this.firstDraw = true;
    this.placed = null;
    void this.relayout(null);
  }

  /** Current collapse state (persisted by the app). */
  get collapse(): CollapseState {
    return this.state;
  }

  /** Current pan/zoom. */
  get view(): ViewTransform {
    return this.panZoom.view;
  }

  /** The shown graph (null before the first trace). */
  get visible(): VisibleGraph | null {
    return this.shown;
  }

  /** The selected box's item. */
  selectedItem(): VisibleItem | null {
    return this.selected && this.shown ? (this.shown.byKey.get(this.selected) ?? null) : null;
  }

  /** Selects a box by key (null clears); `reveal` pans it into view. */
  select(key: string | null, reveal = false): void {
    if (key !== null && !this.shown?.byKey.has(key)) key = null;
    this.selected = key;
    this.applyClasses();
    if (key && reveal && this.placed) {
      const box = this.placed.boxes.get(key);
      if (box) this.panZoom.reveal(box);
    }
    const item = this.selectedItem();
    if (item) this.live.textContent = `Selected ${this.texts.get(item.key)?.title ?? item.key}`;
    this.events.onSelect(item);
  }

  /** Selects the box that shows a graph node (its module's box when collapsed). */
  selectNode(id: number, reveal = true): void {
    const key = this.shown?.repOf[id];
    if (key) this.select(key, reveal);
  }

  /** Expands a collapsed module, collapses an expanded one, or splits a "× N" box. */
  toggle(key: string): void {
    const item = this.shown?.byKey.get(key);
    if (item?.kind === "more") return this.showAll();
    const next = item ? toggleItem(this.state, item) : null;
    if (!next) return;
    this.state = next;
    this.allowLarge = false;
    void this.relayout(key);
    this.events.onStateChange();
  }

  /** Merges a repeat run back into one "× N" box. */
  mergeRun(run: RepeatRun): void {
    this.state = mergeRun(this.state, run);
    void this.relayout(null);
    this.events.onStateChange();
  }

  /** Highlights the walk-through's position (null ends it). */
  setWalk(walk: WalkHighlight | null): void {
    this.walk = walk;
    this.applyClasses();
    if (walk?.current !== null && walk?.current !== undefined && this.placed && this.shown) {
      const box = this.placed.boxes.get(this.shown.repOf[walk.current]);
      if (box) this.panZoom.reveal(box);
    }
  }

  /** Stops the worker. */
  dispose(): void {
    this.elk.dispose();
  }

  private setCollapse(state: CollapseState, fit: boolean): void {
    this.state = state;
    this.allowLarge = false;
    if (fit) this.pendingView = null;
    void this.relayout(null, fit);
    this.events.onStateChange();
  }

  private async relayout(anchorKey: string | null, fit = false): Promise<void> {
    const index = this.index;
    if (!index) return;
    const gen = ++this.generation;
    const g = shownGraph(index, this.runs, this.state, this.allowLarge);
    const { shown, texts } = g;
    this.countLabel.textContent = `${fmtCount(shown.leafCount)} boxes · ${fmtCount(index.nodes.length)} nodes${index.result.graph.truncated ? ` (of ${fmtCount(index.result.graph.totalNodes)})` : ""}`;
    this.overlay.window(g.hiddenNodes, index.groups.size > 1 ? () => this.collapseToDefault() : null, () => this.showAll());
    const anchor = anchorKey && this.placed ? this.screenBox(anchorKey) : null;
    const slow = setTimeout(() => this.overlay.loading(shown.leafCount, () => this.cancelLayout()), 120);
    this.canvas.dataset.graphState = "layout";
    const t0 = performance.now();
    try {
      const drawing = await layOut(this.elk, index, g, this.scale);
      if (gen !== this.generation) return;
      const t1 = performance.now();
      this.shown = shown;
      this.texts = texts;
      this.placed = drawing.placed;
      this.drawing = drawing;
      this.panZoom.setContentSize(this.placed.width, this.placed.height);
      this.placeView(anchorKey, anchor, fit);
      if (this.selected && !shown.byKey.has(this.selected)) this.selected = null;
      this.draw();
      this.overlay.hide();
      const first = this.firstDraw;
      this.firstDraw = false;
      this.events.onDrawn(first);
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (gen !== this.generation) return;
          this.canvas.dataset.graphState = "drawn";
          this.canvas.dataset.layoutMs = (t1 - t0).toFixed(0);
          this.canvas.dataset.drawMs = (performance.now() - t1).toFixed(0);
          this.canvas.dataset.boxes = String(shown.leafCount);
          if (first) this.canvas.dataset.firstDrawMs = (performance.now() - this.traceStart).toFixed(0);
        }),
      );
    } catch (e) {
      if (e instanceof LayoutCancelled || gen !== this.generation) return;
      const message = e instanceof Error ? e.message : String(e);
      if (/call stack/i.test(message) && this.allowLarge) {
        this.overlay.error("This graph is too deep for the layout engine to draw whole. Collapse modules, or draw the part nearest the loss.", "Draw the part nearest the loss", () => {
          this.allowLarge = false;
          void this.relayout(null, true);
        });
      } else this.overlay.error(message, "Retry", () => void this.relayout(null, true));
    } finally {
      clearTimeout(slow);
    }
  }

  private placeView(anchorKey: string | null, anchor: DOMRect | null, fit: boolean): void {
    if (this.pendingView) {
      this.panZoom.set(this.pendingView);
      this.pendingView = null;
      return;
    }
    const box = anchorKey ? this.placed?.boxes.get(anchorKey) : undefined;
    if (anchor && box && !fit) {
      // Keep the toggled module where it was on screen, so expanding does not throw the reader elsewhere.
      const svgRect = this.svg.getBoundingClientRect();
      const k = this.panZoom.view.k;
      this.panZoom.set({ k, x: anchor.left - svgRect.left - box.x * k, y: anchor.top - svgRect.top - box.y * k });
      return;
    }
    // Below the notice of a partly drawn graph, if there is one.
    const banner = this.overlay.banner;
    const inset = banner.hidden ? 0 : banner.offsetTop + banner.offsetHeight;
    if (fit || anchorKey === null) this.panZoom.fitReadable(this.drawnBoxes(), inset);
  }

  /** The placed boxes that are drawn as boxes (not the frames of expanded modules). */
  private drawnBoxes(): Box[] {
    const out: Box[] = [];
    for (const [key, box] of this.placed?.boxes ?? []) {
      const item = this.shown?.byKey.get(key);
      if (item && !(item.kind === "group" && item.expanded)) out.push(box);
    }
    return out;
  }

  private screenBox(key: string): DOMRect | null {
    const el = this.viewport.querySelector(`[data-key="${CSS.escape(key)}"]`);
    return el ? el.getBoundingClientRect() : null;
  }

  private applyClasses(): void {
    if (this.shown) applyHighlights(this.svg, this.viewport, this.shown, this.selected, this.walk);
  }

  /** Draws the layout: whole, or above CULL_ABOVE boxes the region around the current view. */
  private draw(): void {
    const d = this.drawing;
    if (!d) return;
    const visible = this.visibleRect();
    // A hidden canvas draws nothing of a large graph yet: the resize that shows it draws the region.
    this.drawnRegion = d.graph.leafCount <= CULL_ABOVE ? null : visible === null ? NOTHING : drawRegion(visible);
    this.viewport.innerHTML = graphSvg(d, this.drawnRegion);
    this.applyClasses();
    this.canvas.dataset.drawnBoxes = String(this.viewport.querySelectorAll(".bpl-layer-boxes > g").length);
  }

  /** Draws again when the view of a culled drawing shows layout outside the drawn region. */
  private redrawIfOutside(): void {
    if (this.drawnRegion === null) return;
    const visible = this.visibleRect();
    if (visible !== null && !contains(this.drawnRegion, visible)) this.draw();
  }

  /** The layout rectangle on screen (null while the canvas has no size: a hidden tab). */
  private visibleRect(): Rect | null {
    // Before the observer's first report (a layout that finished first), measure once.
    const { width, height } = this.screen.width > 0 ? this.screen : this.svg.getBoundingClientRect();
    return width > 0 && height > 0 ? viewRect(this.panZoom.view, width, height) : null;
  }

  private onView(v: ViewTransform): void {
    this.svg.classList.toggle("lod-far", v.k < 0.45);
    this.svg.classList.toggle("lod-tiny", v.k < 0.18);
    this.redrawIfOutside();
    this.events.onStateChange();
  }

  private onClick(e: MouseEvent): void {
    if (this.panZoom.suppressClick) return;
    const target = e.target as Element;
    const boxEl = target.closest<SVGGElement>("[data-key]");
    this.canvas.focus({ preventScroll: true });
    if (!boxEl) return this.select(null);
    const key = boxEl.dataset.key!;
    if (target.closest("[data-toggle]")) return this.toggle(key);
    this.select(key);
  }

  private onDoubleClick(e: MouseEvent): void {
    const boxEl = (e.target as Element).closest<SVGGElement>("[data-key]");
    const item = boxEl ? this.shown?.byKey.get(boxEl.dataset.key!) : undefined;
    if (item && (item.kind === "repeat" || (item.kind === "group" && !item.expanded))) this.toggle(item.key);
  }

  private cancelLayout(): void {
    this.generation++;
    this.elk.cancel();
    this.overlay.hide();
    this.allowLarge = false;
    void this.relayout(null, true);
  }

  /** Lays out every box, however many (the reader asked for it). */
  showAll(): void {
    this.allowLarge = true;
    void this.relayout(null, true);
  }

  /** Collapses to the default view of the current trace. */
  collapseToDefault(): void {
    if (this.index) this.setCollapse(expandWithinBudget(this.index, this.runs, collapseAll(this.index, this.runs), DEFAULT_BUDGET), true);
  }
}
