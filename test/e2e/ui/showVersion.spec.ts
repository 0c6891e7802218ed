import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { suite, test } from "mocha";
import { paths } from "../paths";
import { useWorkbench } from "./fixture";
import { activeEditorText, expectEventually, notification, openFile, runCommand, screenshot } from "./workbench";

// The installed .vsix, driven as a user drives it: Explorer, command palette, notifications.

const version = (JSON.parse(readFileSync(join(paths.repo, "package.json"), "utf8")) as { version: string }).version;

suite("Backprop Lens installed from its .vsix", () => {
  const workbench = useWorkbench("basic");

  test("a workspace file opens from the Explorer", async () => {
    const { page } = workbench;
    await openFile(page, "model.ts");
    await expectEventually(() => activeEditorText(page), /export const learningRate = 0\.1;/, "model.ts in the editor");
    await screenshot(page, "explorer-opens-model");
  });

  test('"Backprop Lens: Show Version" from the palette shows the version', async () => {
    const { page } = workbench;
    await runCommand(page, "Backprop Lens: Show Version");
    const toast = notification(page, `Backprop Lens ${version}`);
    await toast.waitFor();
    assert.match(await toast.innerText(), new RegExp(`Backprop Lens ${version.replace(/\./g, "\\.")}`));
    await screenshot(page, "palette-show-version");
  });
});
