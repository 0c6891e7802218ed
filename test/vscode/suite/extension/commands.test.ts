import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { activeExtension } from "./helpers";

interface Contributed {
  command: string;
  title: string;
  category?: string;
}

suite("Backprop Lens: commands", () => {
  let contributed: Contributed[] = [];
  suiteSetup(async () => {
    const ext = await activeExtension();
    contributed = (ext.packageJSON as { contributes: { commands: Contributed[] } }).contributes.commands;
  });

  test("the manifest contributes the issue's commands in the Backprop Lens category", () => {
    const titles = contributed.filter((c) => c.category === "Backprop Lens").map((c) => c.title);
    for (const title of ["Trace Backprop", "Check Gradients", "Train and Trace", "Open Gradient Panel", "Step Through Backward Pass", "Export Report", "New Example Model"]) {
      assert.ok(titles.includes(title), `"${title}" is not contributed`);
    }
  });

  test("every contributed command is registered", async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });
});
