// The panel: header, tabs (Graph, Layers, Checks, Walk-through) and the states around them (empty,
// tracing, error). Keeps the UI state across hide/show through the host's state store.
import { type FocusTarget, type HostToWebview, type SourceLoc, type TraceFailure, type TraceResult, assertNever } from "../../src/protocol";
import type { HostBridge } from "../host";
import { defaultCollapse } from "../model/collapse";
import { type GraphIndex, buildGraphIndex } from "../model/graphIndex";
import { type RepeatRun, findRepeatRuns } from "../model/repeats";
import { type TabId, type ViewState, defaultViewState, sanitizeViewState } from "../model/viewState";
import type { VisibleItem } from "../model/visibleGraph";
import { ChecksView } from "./checkTableView";
import { onThemeChange } from "./charts";
import { detailsPane } from "./detailsPane";
import { h, icon, replace } from "./dom";
import { GraphView } from "./graphView";
import { type HeaderEvents, banners, header } from "./header";
import { LayersView } from "./layersView";
import { emptyState, errorState, tracingState } from "./statusView";
import { Tabs } from "./tabs";
import { WalkthroughView } from "./walkthroughView";

interface Current {
  file: string;
  result: TraceResult;
  index: GraphIndex;
  runs: RepeatRun[];
}

/** The whole panel. */
export class App {
  private state: ViewState;
  private current: Current | null = null;
  private busy = false;
  private generatedAt: string | null = null;
  private readonly top = h("div", { class: "bpl-top" });
  private readonly status = h("div", { class: "bpl-status-host", hidden: true });
  private readonly main: HTMLElement;
  private readonly side = h("aside", { class: "bpl-side", "aria-label": "Details" });
  private readonly tabs: Tabs;
  private readonly graph: GraphView;
  private readonly layers: LayersView;
  private readonly checks: ChecksView;
  private readonly walk: WalkthroughView;
  private readonly panels: Record<"workspace" | "layers" | "checks", HTMLElement>;
  private disposeDetails: () => void = () => undefined;
  private saveTimer = 0;

  constructor(private readonly root: HTMLElement, private readonly host: HostBridge) {
    this.state = sanitizeViewState(host.getState());
    this.tabs = new Tabs(
      [
        { id: "graph", label: "Graph", icon: "type-hierarchy" },
        { id: "layers", label: "Layers", icon: "graph-line" },
        { id: "checks", label: "Checks", icon: "beaker" },
        { id: "walk", label: "Walk-through", icon: "debug-step-back" },
      ],
      (tab) => this.setTab(tab),
    );
    const src = { revealSource: (loc: SourceLoc) => this.host.revealSource(loc), sourceHref: (loc: SourceLoc) => this.host.sourceHref(loc) };
    this.graph = new GraphView({ onSelect: (item) => this.onSelect(item), onStateChange: () => this.save(), onDrawn: (first) => this.onDrawn(first) });
    this.layers = new LayersView({ ...src, showLayer: (name) => this.focus({ kind: "layer", name }), historyMode: () => this.state.historyMode, setHistoryMode: (m) => { this.state.historyMode = m; this.save(); } });
    this.checks = new ChecksView({ ...src, showNode: (id) => this.focus({ kind: "node", id }), sort: () => this.state.checkSort, setSort: (key, dir) => { this.state.checkSort = { key, dir }; this.save(); } });
    this.walk = new WalkthroughView({ highlight: (hl) => this.state.tab === "walk" && this.graph.setWalk(hl), stepChanged: (step) => { this.state.walkStep = step; this.save(); } });
    this.panels = {
      workspace: h("div", { class: "bpl-workspace", role: "tabpanel", id: "bpl-panel-graph" }, this.graph.element, this.side),
      layers: h("div", { class: "bpl-panel", role: "tabpanel", id: "bpl-panel-layers", "aria-labelledby": "bpl-tab-layers" }, this.layers.element),
      checks: h("div", { class: "bpl-panel", role: "tabpanel", id: "bpl-panel-checks", "aria-labelledby": "bpl-tab-checks" }, this.checks.element),
    };
    this.main = h("div", { class: "bpl-main" }, this.tabs.element, h("div", { class: "bpl-panels" }, ...Object.values(this.panels)));
    replace(root, h("div", { class: "bpl-app" }, this.top, this.main, this.status));
    onThemeChange(() => this.layers.refreshTheme());
    this.showEmpty();
  }

  /** Handles a checked message from the host. */
  handle(msg: HostToWebview): void {
    switch (msg.type) {
      case "trace":
        return this.showTrace(msg.file, msg.result);
      case "tracing":
        return this.showTracing(msg.file);
      case "error":
        return this.showError(msg.error);
      case "clear":
        this.current = null;
        return this.showEmpty();
      case "focus":
        return this.focus(msg.target);
      case "showTab":
        if (this.current) this.setTab(msg.tab);
        else this.state.tab = msg.tab;
        return;
      default:
        assertNever(msg);
    }
  }

  /** Marks the page as a static report (the header shows when it was made). */
  setReport(generatedAt: string | null): void {
    this.generatedAt = generatedAt;
  }

  /** Shows a trace result. */
  showTrace(file: string, result: TraceResult): void {
    const index = buildGraphIndex(result);
    const runs = findRepeatRuns(index);
    const same = this.state.file === file;
    if (!same) this.state = { ...defaultViewState(), tab: this.state.tab, checkSort: this.state.checkSort, historyMode: this.state.historyMode, file };
    this.current = { file, result, index, runs };
    this.busy = false;
    this.root.classList.remove("is-stale");
    const collapse = same && this.state.collapsed !== null ? { collapsed: new Set(this.state.collapsed), merged: new Set(this.state.merged ?? []) } : defaultCollapse(index, runs);
    this.renderTop();
    this.status.hidden = true;
    this.main.hidden = false;
    this.graph.setTrace(index, runs, collapse, same ? this.state.view : null);
    this.layers.setTrace(result);
    this.checks.setTrace(result);
    this.walk.setTrace(index, same ? this.state.walkStep : 0);
    const failed = result.checkSummary.failed;
    this.tabs.setBadge("checks", failed > 0 ? String(failed) : null, failed > 0 ? "error" : null);
    const flagged = result.layers.filter((l) => l.flags.length > 0).length;
    this.tabs.setBadge("layers", flagged > 0 ? String(flagged) : null, flagged > 0 ? "warning" : null);
    this.setTab(this.state.tab);
    this.save();
  }

  private showTracing(file: string): void {
    this.busy = true;
    // The last result stays visible, marked stale, while the new trace runs.
    if (this.current && this.current.file === file && this.main.hidden === false) {
      this.root.classList.add("is-stale");
      return this.renderTop();
    }
    this.showStatus(tracingState(file));
  }

  private showError(err: TraceFailure): void {
    this.busy = false;
    this.root.classList.remove("is-stale");
    this.showStatus(errorState(err, { ...this.statusEvents(), showLastTrace: this.current ? () => this.showLast() : null }));
  }

  private showEmpty(): void {
    this.showStatus(emptyState(this.statusEvents()));
  }

  private showLast(): void {
    if (!this.current) return;
    this.status.hidden = true;
    this.main.hidden = false;
    this.renderTop();
  }

  private showStatus(el: HTMLElement): void {
    this.top.replaceChildren();
    this.main.hidden = true;
    this.status.hidden = false;
    replace(this.status, el);
  }

  private statusEvents() {
    return {
      retrace: this.host.mode === "vscode" ? () => this.host.post({ type: "retrace" }) : null,
      revealSource: (loc: SourceLoc) => this.host.revealSource(loc),
      sourceHref: (loc: SourceLoc) => this.host.sourceHref(loc),
      showLastTrace: null,
    };
  }

  private renderTop(): void {
    if (!this.current) return;
    const ev: HeaderEvents = {
      tab: (t) => this.setTab(t),
      showNode: (id) => this.focus({ kind: "node", id }),
      revealSource: (loc) => this.host.revealSource(loc),
      sourceHref: (loc) => this.host.sourceHref(loc),
      retrace: this.host.mode === "vscode" ? () => this.host.post({ type: "retrace" }) : null,
      exportReport: this.host.mode === "vscode" ? () => this.host.post({ type: "exportReport" }) : null,
    };
    replace(this.top, header(this.current.file, this.current.result, ev, this.busy, this.generatedAt), ...banners(this.current.result, ev));
  }

  private setTab(tab: TabId): void {
    this.state.tab = tab;
    this.tabs.select(tab);
    const workspace = tab === "graph" || tab === "walk";
    this.panels.workspace.hidden = !workspace;
    this.panels.workspace.setAttribute("aria-labelledby", `bpl-tab-${tab === "walk" ? "walk" : "graph"}`);
    this.panels.layers.hidden = tab !== "layers";
    this.panels.checks.hidden = tab !== "checks";
    this.root.dataset.tab = tab;
    if (tab === "walk") {
      this.disposeDetails();
      this.side.classList.remove("is-hint");
      replace(this.side, this.walk.element);
      this.side.hidden = false;
      this.walk.activate();
    } else {
      this.graph.setWalk(null);
      this.renderDetails(this.graph.selectedItem());
    }
    this.save();
  }

  /** Shows a node, parameter or layer in the graph. */
  focus(target: FocusTarget): void {
    const cur = this.current;
    if (!cur) return;
    if (this.state.tab !== "graph" && this.state.tab !== "walk") this.setTab("graph");
    if (target.kind === "node") return this.graph.selectNode(target.id);
    if (target.kind === "param") {
      const p = cur.index.paramByName.get(target.name);
      if (p?.nodeId != null) this.graph.selectNode(p.nodeId);
      return;
    }
    const shown = this.graph.visible;
    const key = `g:${target.name}`;
    if (shown?.byKey.has(key)) return this.graph.select(key, true);
    const inside = cur.index.groups.get(target.name)?.nodes[0];
    if (inside !== undefined) this.graph.selectNode(inside);
  }

  private onSelect(item: VisibleItem | null): void {
    this.state.selected = item?.key ?? null;
    if (this.state.tab === "walk") {
      if (item?.kind === "node") this.walk.goToNode(item.nodeId);
    } else this.renderDetails(item);
    this.save();
  }

  private onDrawn(first: boolean): void {
    if (first && this.state.selected) this.graph.select(this.state.selected);
  }

  private renderDetails(item: VisibleItem | null): void {
    this.disposeDetails();
    this.disposeDetails = () => undefined;
    const cur = this.current;
    this.side.classList.toggle("is-hint", !item || !cur);
    if (!item || !cur) {
      this.side.hidden = false;
      replace(this.side, h("div", { class: "bpl-side-hint" }, icon("info"), h("p", {}, "Select a node to see its value, its gradient and where it was made. Double-click a module to open it."), h("p", { class: "bpl-muted" }, "Keys: arrows move along the graph, Enter opens a module, + − zoom, 0 fits.")));
      return;
    }
    const pane = detailsPane(cur.index, item, {
      close: () => this.graph.select(null),
      selectNode: (id) => this.graph.selectNode(id),
      toggle: (key) => this.graph.toggle(key),
      revealSource: (loc) => this.host.revealSource(loc),
      sourceHref: (loc) => this.host.sourceHref(loc),
      showChecks: () => this.setTab("checks"),
      showAll: () => this.graph.showAll(),
      runOf: (path) => cur.runs.find((r) => r.members.includes(path) && !this.graph.collapse.merged.has(r.id)) ?? null,
      mergeRun: (run) => this.graph.mergeRun(run),
    });
    this.disposeDetails = pane.dispose;
    this.side.hidden = false;
    replace(this.side, pane.element);
  }

  private save(): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = 0;
      const c = this.graph.collapse;
      if (this.current) {
        this.state.collapsed = [...c.collapsed];
        this.state.merged = [...c.merged];
        this.state.view = { ...this.graph.view };
      }
      this.host.setState(this.state);
    }, 250);
  }
}
