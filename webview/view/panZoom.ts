// Pan and zoom of the graph: drag to pan, wheel to scroll, Ctrl/⌘ + wheel (or a pinch) to zoom
// around the pointer, and fit-to-view. The transform is applied once per animation frame.
import { MARGIN, firstView } from "../model/firstView";
import type { Box } from "../model/layoutResult";
import type { ViewTransform } from "../model/viewState";

const MIN_K = 0.02;
const MAX_K = 4;
const DRAG_THRESHOLD = 4;

/** Pan and zoom for an SVG whose content sits in one transformed group. */
export class PanZoom {
  view: ViewTransform = { x: 0, y: 0, k: 1 };
  private width = 0;
  private height = 0;
  private frame = 0;
  private drag: { id: number; x: number; y: number; vx: number; vy: number; moved: boolean } | null = null;
  /** True right after a drag ended: the click that follows is not a selection. */
  suppressClick = false;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly viewport: SVGGElement,
    private readonly onChange: (v: ViewTransform) => void,
  ) {
    svg.addEventListener("wheel", (e) => this.onWheel(e), { passive: false });
    svg.addEventListener("pointerdown", (e) => this.onDown(e));
    svg.addEventListener("pointermove", (e) => this.onMove(e));
    svg.addEventListener("pointerup", (e) => this.onUp(e));
    svg.addEventListener("pointercancel", (e) => this.onUp(e));
  }

  /** Size of the drawn content (for fit). */
  setContentSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }

  /** Scales and centres the content in the visible area below `inset` (never above `maxK`). */
  fit(maxK = 1, inset = 0): void {
    const { width: vw, height: rectH } = this.svg.getBoundingClientRect();
    const vh = rectH - inset;
    if (vw === 0 || vh <= 0 || this.width === 0) return;
    const k = clamp(Math.min((vw - 2 * MARGIN) / this.width, (vh - 2 * MARGIN) / this.height, maxK));
    this.set({ k, x: (vw - this.width * k) / 2, y: inset + Math.max(MARGIN, (vh - this.height * k) / 2) });
  }

  /** Fits when the whole graph stays readable; otherwise shows its top at a readable scale (see firstView). */
  fitReadable(boxes: Iterable<Box>, inset = 0, minK = 0.55): void {
    const { width, height } = this.svg.getBoundingClientRect();
    if (width === 0 || height === 0 || this.width === 0) return;
    const view = firstView({ width, height }, { width: this.width, height: this.height, boxes }, minK, inset);
    if (view === null) this.fit(1, inset);
    else this.set({ ...view, k: clamp(view.k) });
  }

  /** Zooms by a factor around a screen point (default: the centre). */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const rect = this.svg.getBoundingClientRect();
    const px = cx ?? rect.width / 2;
    const py = cy ?? rect.height / 2;
    const k = clamp(this.view.k * factor);
    const f = k / this.view.k;
    this.set({ k, x: px - (px - this.view.x) * f, y: py - (py - this.view.y) * f });
  }

  /** Pans by a screen offset. */
  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  /** Brings a content rectangle into view (centred), if it is not fully visible already. */
  reveal(box: { x: number; y: number; width: number; height: number }, always = false): void {
    const rect = this.svg.getBoundingClientRect();
    const { x, y, k } = this.view;
    const left = box.x * k + x;
    const top = box.y * k + y;
    const inside = left >= 0 && top >= 0 && left + box.width * k <= rect.width && top + box.height * k <= rect.height;
    if (inside && !always) return;
    this.set({ k, x: rect.width / 2 - (box.x + box.width / 2) * k, y: rect.height / 2 - (box.y + box.height / 2) * k });
  }

  /** Sets the transform (applied on the next frame). */
  set(view: ViewTransform): void {
    this.view = { x: view.x, y: view.y, k: clamp(view.k) };
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const { x, y, k } = this.view;
      this.viewport.setAttribute("transform", `translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${k.toFixed(4)})`);
      this.onChange(this.view);
    });
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.svg.getBoundingClientRect();
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? rect.height : 1;
    if (e.ctrlKey || e.metaKey) this.zoomBy(Math.exp((-e.deltaY * scale) / 300), e.clientX - rect.left, e.clientY - rect.top);
    else this.panBy(-e.deltaX * scale, -e.deltaY * scale);
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false };
  }

  private onMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!d.moved) {
      d.moved = true;
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add("is-panning");
    }
    this.set({ ...this.view, x: d.vx + dx, y: d.vy + dy });
  }

  private onUp(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.drag = null;
    this.svg.classList.remove("is-panning");
    if (d.moved) {
      this.suppressClick = true;
      setTimeout(() => (this.suppressClick = false), 0);
    }
  }
}

function clamp(k: number): number {
  return Math.min(MAX_K, Math.max(MIN_K, k));
}
