import * as assert from "node:assert/strict";
import { suite, test } from "mocha";
import * as vscode from "vscode";

const extensionId = "backprop-lens.backprop-lens";

suite("Backprop Lens extension", () => {
  test("is loaded and activates", async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the loaded extensions`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test("registers its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("backpropLens.showVersion"), "backpropLens.showVersion is not registered");
  });

  test("backpropLens.showVersion runs and answers the manifest's version", async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    const version = await vscode.commands.executeCommand<string>("backpropLens.showVersion");
    assert.equal(version, extension.packageJSON.version);
  });
});
