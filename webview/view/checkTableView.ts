// The Checks tab: one row per parameter's finite-difference check, sortable, expandable to the worst
// elements (analytic against numeric); failing rows link to their node and their source line.
import type { CheckElement, SourceLoc, TraceResult } from "../../src/protocol";
import { type CheckRow, type CheckSortKey, type SortDir, checkRows, sortRows } from "../model/checkRows";
import { fmtCount, fmtIndex, fmtJson, fmtLoc, fmtNum, fmtShape } from "../model/format";
import { h, icon, replace } from "./dom";

/** What the Checks tab asks of the app. */
export interface ChecksEvents {
  showNode(id: number): void;
  revealSource(loc: SourceLoc): void;
  sourceHref(loc: SourceLoc): string | null;
  sort(): { key: CheckSortKey; dir: SortDir };
  setSort(key: CheckSortKey, dir: SortDir): void;
}

// Columns a narrow panel leaves out, as the row's disclosure still shows every compared element
// (see the container queries in webview.css): `hide: "wide"` below 700 px, `"medium"` below 440 px
// (the side view) too.
type Hide = "wide" | "medium";
const HIDE_CLASS: Record<Hide, string> = { wide: "bpl-wide-only", medium: "bpl-medium-only" };
// `cell`: numbers are right-aligned (header too), code-like text is monospace (cells only).
const COLUMNS: { key: CheckSortKey | null; label: string; cell?: "num" | "mono"; hide?: Hide }[] = [
  { key: "status", label: "Status" },
  { key: "param", label: "Parameter", cell: "mono" },
  { key: "checked", label: "Checked", cell: "num", hide: "medium" },
  { key: "maxRelError", label: "Max rel. error", cell: "num" },
  { key: "maxAbsError", label: "Max abs. error", cell: "num", hide: "wide" },
  { key: null, label: "Worst element (analytic vs numeric)", cell: "mono", hide: "wide" },
  { key: "kinks", label: "Kinks", cell: "num", hide: "medium" },
  { key: null, label: "" },
];

/** The class of column `i`'s header or cells, so that both follow the one column list. */
function columnClass(i: number, part: "th" | "td"): string {
  const { cell, hide } = COLUMNS[i];
  const style = cell === "num" || (cell === "mono" && part === "td") ? `bpl-${cell}` : "";
  return [style, hide ? HIDE_CLASS[hide] : ""].filter((c) => c !== "").join(" ");
}

const STATUS_ICON = { pass: "pass", fail: "error", kink: "debug-breakpoint-unsupported" } as const;

/** The Checks tab. */
export class ChecksView {
  readonly element = h("div", { class: "bpl-checks" });
  private rows: CheckRow[] = [];
  private result: TraceResult | null = null;
  private open = new Set<string>();

  constructor(private readonly events: ChecksEvents) {}

  /** Shows a trace's checks. */
  setTrace(result: TraceResult): void {
    this.result = result;
    this.rows = checkRows(result);
    this.open = new Set(this.rows.filter((r) => r.status === "fail").slice(0, 1).map((r) => r.param));
    this.render();
  }

  private render(): void {
    const result = this.result!;
    const s = result.checkSummary;
    if (this.rows.length === 0) {
      replace(this.element, h("div", { class: "bpl-empty-inline" }, icon("info"), s.mode === "off" ? "Gradient checks were off for this trace (run with --check fast, sample or full)." : "No parameters to check."));
      return;
    }
    const summary = h(
      "div",
      { class: "bpl-check-summary" },
      h("span", { class: `bpl-chip ${s.failed > 0 ? "is-error" : "is-ok"}` }, icon(s.failed > 0 ? "error" : "pass"), s.failed > 0 ? `${s.failed} failed` : "all passed"),
      h("span", { class: "bpl-muted" }, `${s.passed} passed · ${s.kinks} crossed a kink · mode ${s.mode} · ${fmtCount(s.evaluations)} loss evaluations · pass when |a − n| ≤ ${result.options.atol} + ${result.options.rtol}·|n|`),
    );
    const suspects = s.suspects.map((sp) =>
      h("div", { class: "bpl-callout is-error", role: "note" }, icon("bug"), h("div", {}, h("strong", {}, `Suspect op: ${sp.op}${sp.custom ? " (custom op)" : ""}`), h("div", {}, sp.evidence), this.links(sp.nodeId, sp.loc))),
    );
    const { key, dir } = this.events.sort();
    const sorted = sortRows(this.rows, key, dir);
    const head = h(
      "tr",
      {},
      ...COLUMNS.map((col, i) => {
        if (!col.key) return h("th", { scope: "col", class: columnClass(i, "th") }, col.label);
        const active = col.key === key;
        const sortKey = col.key;
        return h(
          "th",
          { scope: "col", "aria-sort": active ? (dir === "asc" ? "ascending" : "descending") : "none", class: columnClass(i, "th") },
          h("button", { type: "button", class: "bpl-sort", onclick: () => this.setSort(sortKey) }, col.label, icon(active ? (dir === "asc" ? "arrow-up" : "arrow-down") : "blank")),
        );
      }),
    );
    const body = h("tbody", {}, ...sorted.flatMap((row) => this.row(row)));
    replace(this.element, h("section", { class: "bpl-card" }, h("h2", {}, "Finite-difference checks"), summary, ...suspects, h("div", { class: "bpl-table-wrap" }, h("table", { class: "bpl-table bpl-check-table" }, h("thead", {}, head), body))));
  }

  private setSort(key: CheckSortKey): void {
    const cur = this.events.sort();
    const dir: SortDir = cur.key === key ? (cur.dir === "asc" ? "desc" : "asc") : key === "maxRelError" || key === "maxAbsError" || key === "kinks" ? "desc" : "asc";
    this.events.setSort(key, dir);
    this.render();
  }

  private row(r: CheckRow): HTMLElement[] {
    const open = this.open.has(r.param);
    const worst = r.worst[0] ?? null;
    const toggle = h(
      "button",
      { type: "button", class: "bpl-disclosure", "aria-expanded": String(open), "aria-label": `${open ? "Hide" : "Show"} the compared elements of ${r.param}`, onclick: () => { if (open) this.open.delete(r.param); else this.open.add(r.param); this.render(); } },
      icon(open ? "chevron-down" : "chevron-right"),
    );
    // One entry per column of COLUMNS, in its order.
    const cells: (Node | string)[][] = [
      [h("span", { class: `bpl-status is-${r.status}`, title: r.status }, icon(STATUS_ICON[r.status]), h("span", { class: "bpl-medium-only" }, r.status))],
      [toggle, r.param, h("span", { class: "bpl-muted" }, ` ${fmtShape(r.shape)}`)],
      [r.elementsChecked === 0 && r.mode === "fast" ? h("span", { class: "bpl-wrap" }, "1 direction (∇L·v)") : `${fmtCount(r.elementsChecked)} / ${fmtCount(r.elementsTotal)}`],
      [r.status === "fail" ? h("span", { class: "is-bad" }, fmtNum(r.maxRelError, 3)) : fmtNum(r.maxRelError, 3)],
      [fmtNum(r.maxAbsError, 3)],
      [worst ? elementText(worst) : "—"],
      [r.kinks > 0 ? h("span", { class: "bpl-chip is-warning", title: "A step crossed a relu/abs/max switch point: not counted as a failure" }, String(r.kinks)) : "0"],
      [this.links(r.nodeId, r.loc)],
    ];
    const main = h("tr", { class: `is-${r.status}` }, ...cells.map((c, i) => h("td", { class: columnClass(i, "td") }, c)));
    if (!open) return [main];
    const elements = [r.directional, ...r.worst];
    const detail = h(
      "tr",
      { class: "bpl-detail-row" },
      h(
        "td",
        { colspan: COLUMNS.length },
        h(
          "table",
          { class: "bpl-table is-inner" },
          h("thead", {}, h("tr", {}, ...["Element", "Analytic", "Numeric", "|a − n|", "Relative", "Status"].map((t, i) => h("th", { scope: "col", class: `${i >= 1 && i <= 4 ? "bpl-num" : ""}${i === 3 || i === 4 ? " bpl-medium-only" : ""}` }, t)))),
          h(
            "tbody",
            {},
            ...elements.map((e) =>
              h(
                "tr",
                { class: `is-${e.status}` },
                h("td", { class: "bpl-mono" }, e.index < 0 ? "∇L·v (random direction)" : fmtIndex(e.position)),
                h("td", { class: "bpl-num" }, fmtJson(e.analytic, 6)),
                h("td", { class: "bpl-num" }, fmtJson(e.numeric, 6)),
                h("td", { class: "bpl-num bpl-medium-only" }, fmtJson(e.absError, 3)),
                h("td", { class: "bpl-num bpl-medium-only" }, fmtJson(e.relError, 3)),
                h("td", {}, h("span", { class: `bpl-status is-${e.status}`, title: e.status }, icon(STATUS_ICON[e.status]), h("span", { class: "bpl-medium-only" }, e.status === "kink" && e.kinkOp ? `kink at ${e.kinkOp.op}` : e.status))),
              ),
            ),
          ),
        ),
        r.suspect ? h("div", { class: "bpl-reason" }, `Suspect: ${r.suspect.op} — ${r.suspect.evidence}`) : null,
      ),
    );
    return [main, detail];
  }

  private links(nodeId: number | null, loc: SourceLoc | null): HTMLElement {
    const href = loc ? this.events.sourceHref(loc) : null;
    return h(
      "div",
      { class: "bpl-row-actions" },
      // In the side view's width the table's button keeps only its icon.
      nodeId !== null ? h("button", { type: "button", class: "bpl-button is-secondary", title: "Show this node in the graph", "aria-label": "Show this node in the graph", onclick: () => this.events.showNode(nodeId) }, icon("type-hierarchy"), h("span", { class: "bpl-medium-only" }, "Node")) : null,
      // In a narrow panel only the icon shows (the label and title still name the place).
      loc ? (href ? h("a", { class: "bpl-link", href, title: `Open ${fmtLoc(loc)}`, "aria-label": `Open ${fmtLoc(loc)}` }, icon("go-to-file"), h("span", { class: "bpl-wide-only" }, fmtLoc(loc))) : h("button", { type: "button", class: "bpl-link", title: `Open ${fmtLoc(loc)}`, "aria-label": `Open ${fmtLoc(loc)}`, onclick: () => this.events.revealSource(loc) }, icon("go-to-file"), h("span", { class: "bpl-wide-only" }, fmtLoc(loc)))) : null,
    );
  }
}

function elementText(e: CheckElement): string {
  return `${fmtIndex(e.position)}  ${fmtJson(e.analytic, 5)} vs ${fmtJson(e.numeric, 5)}`;
}
