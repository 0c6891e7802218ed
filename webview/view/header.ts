// The header above the tabs: file, loss, check and verdict badges, actions; and the banners for
// anomalies (the first NaN/Inf), warnings and a truncated graph.
import type { SourceLoc, TraceResult } from "../../src/protocol";
import { checksBadgeText } from "../model/checkRows";
import { baseName, fmtCount, fmtJson, fmtLoc, plural } from "../model/format";
import { h, icon, iconButton } from "./dom";

/** What the header's badges and banners link to. */
export interface HeaderEvents {
  tab(tab: "layers" | "checks"): void;
  showNode(id: number): void;
  revealSource(loc: SourceLoc): void;
  sourceHref(loc: SourceLoc): string | null;
  retrace: (() => void) | null;
  exportReport: (() => void) | null;
}

/** The header for a trace. `busy` shows that a new trace is running. */
export function header(file: string, result: TraceResult, ev: HeaderEvents, busy: boolean, generatedAt: string | null): HTMLElement {
  const s = result.checkSummary;
  const flagged = result.layers.filter((l) => l.flags.length > 0);
  const badges: HTMLElement[] = [];
  if (s.mode !== "off" && result.checks.length > 0) {
    badges.push(
      h("button", { type: "button", class: `bpl-badge ${s.failed > 0 ? "is-error" : "is-ok"}`, onclick: () => ev.tab("checks"), title: "Finite-difference checks" }, icon(s.failed > 0 ? "error" : "pass"), checksBadgeText(s)),
    );
  }
  badges.push(
    flagged.length > 0
      ? h("button", { type: "button", class: "bpl-badge is-warning", onclick: () => ev.tab("layers"), title: flagged.map((l) => `${l.name}: ${l.flags.join(", ")}`).join("\n") }, icon("warning"), `${plural(flagged.length, "layer")} flagged`)
      : h("span", { class: "bpl-badge is-ok", title: "No vanishing, exploding, dead or saturated layers" }, icon("pass"), "gradients healthy"),
  );
  if (result.anomalies.length > 0) badges.push(h("span", { class: "bpl-badge is-error" }, icon("error"), "NaN/Inf"));
  return h(
    "header",
    { class: "bpl-header" },
    h(
      "div",
      { class: "bpl-title" },
      icon("type-hierarchy"),
      h("strong", { title: file }, baseName(file)),
      h("span", { class: "bpl-loss" }, "loss ", h("span", { class: "bpl-mono" }, fmtJson(result.loss, 6))),
      busy ? h("span", { class: "bpl-busy", role: "status" }, icon("loading"), "tracing…") : null,
      generatedAt ? h("span", { class: "bpl-muted" }, `report of ${readableDate(generatedAt)}`) : null,
    ),
    h("div", { class: "bpl-badges" }, ...badges),
    h(
      "div",
      { class: "bpl-header-actions" },
      ev.retrace ? iconButton("refresh", "Trace again", ev.retrace) : null,
      ev.exportReport ? iconButton("export", "Export an HTML report", ev.exportReport) : null,
    ),
  );
}

/** Banners for anomalies, warnings and truncation (empty when there is nothing to say). */
export function banners(result: TraceResult, ev: HeaderEvents): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const a of result.anomalies) {
    const href = a.loc ? ev.sourceHref(a.loc) : null;
    out.push(
      h(
        "div",
        { class: "bpl-banner is-error", role: "alert" },
        icon("error"),
        h("div", { class: "bpl-banner-text" }, h("strong", {}, `${a.phase === "forward" ? "NaN/Inf first produced" : "Non-finite gradient first produced"} by ${a.op}${a.custom ? " (custom op)" : ""}`), ` — ${a.message}`),
        h("button", { type: "button", class: "bpl-link", onclick: () => ev.showNode(a.nodeId) }, icon("type-hierarchy"), "Show node"),
        a.loc ? (href ? h("a", { class: "bpl-link", href }, icon("go-to-file"), fmtLoc(a.loc)) : h("button", { type: "button", class: "bpl-link", onclick: () => ev.revealSource(a.loc!) }, icon("go-to-file"), fmtLoc(a.loc))) : null,
      ),
    );
  }
  for (const w of result.warnings) out.push(h("div", { class: "bpl-banner is-info", role: "note" }, icon("info"), h("div", { class: "bpl-banner-text" }, w)));
  if (result.graph.truncated) {
    out.push(h("div", { class: "bpl-banner is-info", role: "note" }, icon("info"), h("div", { class: "bpl-banner-text" }, `The graph was cut at ${fmtCount(result.graph.nodes.length)} of ${fmtCount(result.graph.totalNodes)} nodes (options.maxGraphNodes).`)));
  }
  return out;
}

/** An ISO timestamp as "2026-11-28 03:27" (UTC); anything else as given. */
function readableDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
