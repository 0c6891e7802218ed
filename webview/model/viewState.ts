// The UI state kept while the panel is hidden or reloaded (VS Code's webview getState/setState):
// tab, selection, collapse, pan/zoom, walk-through step, sort orders. Checked on the way back in.
import type { CheckSortKey, SortDir } from "./checkRows";

/** A view transform of the graph: screen = content × k + (x, y). */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** The panel's tabs. */
export type TabId = "graph" | "layers" | "checks" | "walk";

/** Everything the panel restores. Collapse and view are null until the reader changes them. */
export interface ViewState {
  v: 1;
  /** The model file the rest belongs to: another file's state is not applied. */
  file: string | null;
  tab: TabId;
  selected: string | null;
  collapsed: string[] | null;
  merged: string[] | null;
  view: ViewTransform | null;
  walkStep: number;
  checkSort: { key: CheckSortKey; dir: SortDir };
  historyMode: "lines" | "heatmap";
}

/** The state of a fresh panel. */
export function defaultViewState(): ViewState {
  return { v: 1, file: null, tab: "graph", selected: null, collapsed: null, merged: null, view: null, walkStep: 0, checkSort: { key: "status", dir: "asc" }, historyMode: "lines" };
}

const TABS: readonly TabId[] = ["graph", "layers", "checks", "walk"];
const SORT_KEYS: readonly CheckSortKey[] = ["status", "param", "maxRelError", "maxAbsError", "checked", "kinks"];

/** Reads a stored state, keeping only well-formed fields (anything else falls back to the default). */
export function sanitizeViewState(raw: unknown): ViewState {
  const s = defaultViewState();
  if (typeof raw !== "object" || raw === null) return s;
  const r = raw as Record<string, unknown>;
  if (r.v !== 1) return s;
  const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null);
  if (typeof r.file === "string") s.file = r.file;
  if (TABS.includes(r.tab as TabId)) s.tab = r.tab as TabId;
  if (typeof r.selected === "string") s.selected = r.selected;
  s.collapsed = strings(r.collapsed);
  s.merged = strings(r.merged);
  const view = r.view as Record<string, unknown> | null;
  if (view && [view.x, view.y, view.k].every((n) => typeof n === "number" && Number.isFinite(n)) && (view.k as number) > 0) {
    s.view = { x: view.x as number, y: view.y as number, k: view.k as number };
  }
  if (Number.isInteger(r.walkStep) && (r.walkStep as number) >= 0) s.walkStep = r.walkStep as number;
  const sort = r.checkSort as Record<string, unknown> | null;
  if (sort && SORT_KEYS.includes(sort.key as CheckSortKey) && (sort.dir === "asc" || sort.dir === "desc")) s.checkSort = { key: sort.key as CheckSortKey, dir: sort.dir };
  if (r.historyMode === "heatmap") s.historyMode = "heatmap";
  return s;
}
