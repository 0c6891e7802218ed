// What the product's UI specs need besides the harness's helpers: the extension's two webviews told
// apart, the editor's text replaced as a paste would, and the Problems view's rows.
import type { FrameLocator, Locator, Page } from "playwright-core";

const EXTENSION = `extensionId=${encodeURIComponent("backprop-lens.backprop-lens")}`;

/** The gradient panel's content (a webview panel: its iframe has no `purpose`). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator(`iframe.webview.ready[src*="${EXTENSION}"]:not([src*="purpose="]):visible`).frameLocator("#active-frame");
}

/** The "Gradients" side view's content (a webview view: purpose=webviewView). */
export function sideViewFrame(page: Page): FrameLocator {
  return page.frameLocator(`iframe.webview.ready[src*="${EXTENSION}"][src*="purpose=webviewView"]:visible`).frameLocator("#active-frame");
}

/** Replaces the active editor's whole text, as a paste does (no auto-closing or auto-indent), and saves. */
export async function replaceEditorTextAndSave(page: Page, text: string): Promise<void> {
  await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
  await page.keyboard.press("Control+S");
}

/** The Problems view (opened with its keyboard shortcut). */
export async function problemsView(page: Page): Promise<Locator> {
  const panel = page.locator(".markers-panel");
  if (!(await panel.isVisible())) await page.keyboard.press("Control+Shift+M");
  await panel.waitFor();
  return panel;
}

/** The status bar item of the extension, by its text. */
export function statusItem(page: Page, text: RegExp): Locator {
  return page.locator(".statusbar-item", { hasText: text });
}

/**
 * Waits until the workbench knows the extension's contributions (its activity bar entry is there):
 * a command palette opened before that does not list the extension's commands, and never refreshes.
 */
export async function waitForContributions(page: Page): Promise<void> {
  await page.locator(".activitybar").getByRole("tab", { name: /^Backprop Lens\b/ }).waitFor({ timeout: 60_000 });
}
