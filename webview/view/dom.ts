// A tiny DOM builder: elements with attributes, listeners and children in one call, and codicons.

export type Child = Node | string | number | null | undefined | false;
type Attr = string | number | boolean | null | undefined | ((ev: Event) => void);

/** Creates an element: `on*` function attributes become listeners, `class` sets className, booleans toggle. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "class") el.className = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened; null, undefined and false skipped). */
export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A codicon (decorative unless given a label). */
export function icon(name: string, label?: string): HTMLSpanElement {
  const el = h("span", { class: `codicon codicon-${name}` });
  if (label) {
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", label);
  } else el.setAttribute("aria-hidden", "true");
  return el;
}

/** A toolbar button with an icon, a tooltip and an accessible name. */
export function iconButton(name: string, label: string, onClick: () => void, extra: Record<string, Attr> = {}): HTMLButtonElement {
  return h("button", { class: "bpl-icon-button", type: "button", title: label, "aria-label": label, onclick: () => onClick(), ...extra }, icon(name));
}

/** A text button, optionally with a leading icon. */
export function button(text: string, onClick: () => void, opts: { icon?: string; secondary?: boolean; title?: string } = {}): HTMLButtonElement {
  return h("button", { class: `bpl-button${opts.secondary ? " is-secondary" : ""}`, type: "button", title: opts.title, onclick: () => onClick() }, opts.icon ? icon(opts.icon) : null, text);
}

/** A two-column statistics list (dt/dd pairs). */
export function statList(rows: [string, string | Node][]): HTMLDListElement {
  return h("dl", { class: "bpl-stats" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}
