import * as assert from "node:assert/strict";
import { suite, test } from "mocha";
import { useWorkbench } from "./fixture";
import { expectEventually, hoverText, openFile, openSideView, runCommand, screenshot, webviewFrame } from "./workbench";

// The helpers the product's UI tests build on (hover, webview frame, side view), proven here on VS Code's
// own built-in features so they are known to work before the product's views exist.

suite("Workbench helpers on VS Code's built-in features", () => {
  const workbench = useWorkbench("basic");

  test("hoverText reads the TypeScript hover of a word", async () => {
    const { page } = workbench;
    await openFile(page, "model.ts");
    // TypeScript prefixes "(loading...)" while it still analyses the project: not ours to wait for.
    const text = await hoverText(page, "learningRate", /const learningRate: 0\.1$/);
    assert.match(text, /^(\(loading\.\.\.\) )?const learningRate: 0\.1$/);
    await screenshot(page, "hover-learningRate");
  });

  test("webviewFrame reaches into the Markdown preview's webview", async () => {
    const { page } = workbench;
    await openFile(page, "README.md");
    await runCommand(page, "Markdown: Open Preview to the Side");
    const frame = webviewFrame(page, { extensionId: "vscode.markdown-language-features" });
    await expectEventually(() => frame.locator("h1").innerText(), /^Basic workspace$/, "the preview's heading");
    assert.equal(await frame.locator("strong").innerText(), "Markdown preview");
    await screenshot(page, "markdown-preview-webview");
  });

  test("openSideView shows a view container of the activity bar", async () => {
    const { page } = workbench;
    const sidebar = await openSideView(page, "Search");
    await sidebar.locator(".search-view textarea, .search-view input").first().waitFor();
    await openSideView(page, "Explorer");
    await screenshot(page, "side-view-explorer");
  });
});
