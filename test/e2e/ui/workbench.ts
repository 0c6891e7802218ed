import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { paths } from "../paths";

// Helpers that drive the VS Code 1.100 workbench as a user does: click, type, hover. Selectors are the
// workbench's own (see E2E-NOTES.md); each helper waits for the result a user would see.

/** Where UI screenshots and the page console log go (test-results/ui). */
export const uiResultsDir = join(paths.results, "ui");

/** Waits until the workbench has loaded and shows the Explorer with the workspace folder. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 90_000 });
}

/** Opens a workspace file from the Explorer by its path ("model.ts", "src/net.ts"): folders are expanded first. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const explorer = page.locator(".explorer-folders-view");
  if (!(await explorer.isVisible())) await page.keyboard.press("Control+Shift+E");
  const parts = relativePath.split("/");
  for (const [i, name] of parts.entries()) {
    const item = explorer.getByRole("treeitem", { name, exact: true });
    const isFolder = i < parts.length - 1;
    if (!isFolder) {
      await item.click();
    } else if ((await item.getAttribute("aria-expanded")) !== "true") {
      await item.click();
    }
  }
  const fileName = parts[parts.length - 1]!;
  await activeEditorTab(page, fileName).waitFor();
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor();
}

/** The active editor tab whose label is `label`. */
export function activeEditorTab(page: Page, label: string): Locator {
  return page.locator(".tabs-container .tab.active", { has: page.locator(".label-name", { hasText: exactly(label) }) });
}

/** The text of the visible lines of the active editor, lines joined by "\n". */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator(".editor-instance .monaco-editor .view-lines").first().locator(".view-line");
  // NOTE: Monaco renders spaces as U+00A0 and orders lines by their CSS top, not by DOM order.
  const rows = await lines.evaluateAll((els) =>
    els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top), text: el.textContent ?? "" })),
  );
  return rows
    .sort((a, b) => a.top - b.top)
    .map((r) => r.text.replace(/\u00a0/g, " "))
    .join("\n");
}

/** Runs a command from the command palette (F1) by its full title, e.g. "Backprop Lens: Show Version". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = page.locator(".quick-input-widget");
  await page.keyboard.press("F1");
  const input = widget.locator("input").first();
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = widget.locator(".quick-input-list .monaco-list-row", {
    has: page.locator(".label-name", { hasText: exactly(title) }),
  });
  await row.first().click();
  await widget.waitFor({ state: "hidden" });
}

/** A visible notification toast containing `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator(".notifications-toasts .notification-toast", { hasText: text });
}

/**
 * The content frame of a visible webview (panel or side view). `extensionId` picks the webview of one
 * extension when several are open, e.g. "backprop-lens.backprop-lens".
 */
export function webviewFrame(page: Page, options: { extensionId?: string } = {}): FrameLocator {
  const byExtension = options.extensionId ? `[src*="extensionId=${encodeURIComponent(options.extensionId)}"]` : "";
  return page.frameLocator(`iframe.webview.ready${byExtension}:visible`).frameLocator("#active-frame");
}

/**
 * Hovers the first occurrence of `word` in the active editor and returns the hover's text once it
 * matches `until` (default: any text). Hovers again while it does not: the first hover can come before
 * the language service or our extension is ready, or show a "loading" placeholder.
 */
export async function hoverText(page: Page, word: string, until = /\S/, attempts = 8): Promise<string> {
  const editor = page.locator(".editor-instance .monaco-editor").first();
  const token = editor.locator(".view-line span span", { hasText: exactly(word) }).first();
  const hover = page.locator(".monaco-hover-content:visible").first();
  let last = "(no hover)";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const box = await token.boundingBox();
    if (!box) throw new Error(`hoverText: "${word}" is not on screen in the active editor`);
    // Leave the word first so the editor sees a fresh hover, then rest on the middle of it.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 4);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (await hover.isVisible()) {
        last = (await hover.innerText().catch(() => "")).trim();
        if (until.test(last)) return last;
      }
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`hoverText: the hover over "${word}" never matched ${until} in ${attempts} tries; last: ${JSON.stringify(last)}`);
}

/** Opens a view container of the activity bar (e.g. "Explorer", "Search", or an extension's side view). */
export async function openSideView(page: Page, title: string): Promise<Locator> {
  const item = page.locator(".activitybar").getByRole("tab", { name: new RegExp(`^${escapeRegExp(title)}\\b`) });
  if ((await item.getAttribute("aria-selected")) !== "true") await item.click();
  const sidebar = page.locator(".part.sidebar");
  await sidebar.locator(".composite.title", { hasText: new RegExp(escapeRegExp(title), "i") }).waitFor();
  return sidebar;
}

/** Saves a full-window PNG as test-results/ui/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(uiResultsDir, { recursive: true });
  const file = join(uiResultsDir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Polls `read` until its result matches `expected`; fails with the last value seen. For text that
 * the workbench fills in asynchronously (editors, hovers, webviews).
 */
export async function expectEventually(
  read: () => Promise<string>,
  expected: RegExp,
  what: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    last = await read().catch((error: unknown) => `(error: ${String(error)})`);
    if (expected.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: expected ${expected}, last saw ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
