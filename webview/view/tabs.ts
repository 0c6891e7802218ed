// Accessible tabs: a tablist whose arrow keys move between tabs (roving tabindex).
import type { TabId } from "../model/viewState";
import { h, icon } from "./dom";

/** The tab strip. */
export class Tabs {
  readonly element: HTMLElement;
  private readonly buttons = new Map<TabId, HTMLButtonElement>();

  constructor(tabs: { id: TabId; label: string; icon: string }[], private readonly onChange: (tab: TabId) => void) {
    this.element = h("nav", { class: "bpl-tabs", role: "tablist", "aria-label": "Views" });
    for (const t of tabs) {
      const b = h("button", { type: "button", role: "tab", id: `bpl-tab-${t.id}`, "aria-controls": `bpl-panel-${t.id === "walk" ? "graph" : t.id}`, class: "bpl-tab", title: t.label, onclick: () => this.onChange(t.id) }, icon(t.icon), h("span", {}, t.label));
      this.buttons.set(t.id, b);
      this.element.appendChild(b);
    }
    this.element.addEventListener("keydown", (e) => {
      const ids = [...this.buttons.keys()];
      const i = ids.findIndex((id) => this.buttons.get(id) === document.activeElement);
      if (i < 0) return;
      const next = e.key === "ArrowRight" ? (i + 1) % ids.length : e.key === "ArrowLeft" ? (i - 1 + ids.length) % ids.length : e.key === "Home" ? 0 : e.key === "End" ? ids.length - 1 : -1;
      if (next < 0) return;
      e.preventDefault();
      this.buttons.get(ids[next])!.focus();
      this.onChange(ids[next]);
    });
  }

  /** Marks a tab selected. */
  select(tab: TabId): void {
    for (const [id, b] of this.buttons) {
      b.setAttribute("aria-selected", String(id === tab));
      b.tabIndex = id === tab ? 0 : -1;
    }
  }

  /** Sets a tab's count badge (e.g. failed checks). */
  setBadge(tab: TabId, text: string | null, tone: "error" | "warning" | null): void {
    const b = this.buttons.get(tab);
    if (!b) return;
    b.querySelector(".bpl-tab-badge")?.remove();
    if (text) b.appendChild(h("span", { class: `bpl-tab-badge${tone ? ` is-${tone}` : ""}` }, text));
  }
}
