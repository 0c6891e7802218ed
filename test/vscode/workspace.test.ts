import * as assert from "node:assert/strict";
import { suite, test } from "mocha";
import * as vscode from "vscode";

suite("Workspace", () => {
  test("is the folder the runner opened", () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
  });

  test("a workspace file opens in an editor", async () => {
    const [uri] = await vscode.workspace.findFiles("model.ts");
    assert.ok(uri, "model.ts is not in the workspace");
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(editor.document.languageId, "typescript");
    assert.match(editor.document.getText(), /learningRate/);
  });
});
