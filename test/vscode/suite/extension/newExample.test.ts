import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { suite, test } from "mocha";
import * as vscode from "vscode";
import { type TraceAnswer, workspaceDir } from "./helpers";

suite("Backprop Lens: New Example Model", () => {
  test("writes a starter model into the workspace, opens it, and it traces clean", async function () {
    this.timeout(60_000);
    const uri = (await vscode.commands.executeCommand("backpropLens.newExample", vscode.Uri.file(workspaceDir()))) as vscode.Uri;
    assert.ok(uri && existsSync(uri.fsPath));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? "", /from "backprop-lens"/);
    const answer = (await vscode.commands.executeCommand("backpropLens.traceBackprop", uri)) as TraceAnswer;
    assert.equal(answer.status, "ok");
    const again = (await vscode.commands.executeCommand("backpropLens.newExample", vscode.Uri.file(workspaceDir()))) as vscode.Uri;
    assert.notEqual(again.fsPath, uri.fsPath);
  });
});
