import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { type TraceAnswer, activeExtension, copyExample, lensDiagnostics, open, panelTabs } from "./helpers";

// Runs only in the harness's untrusted pass (a workspace opened with Workspace Trust on and not trusted).
suite("Backprop Lens: in an untrusted workspace nothing runs", () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  test("the workspace is untrusted (this file runs in the untrusted pass only)", () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test("the trace commands refuse and say why, without running the model", async () => {
    const uri = await copyExample("vanishing-sigmoid.ts", "untrusted.ts");
    await open(uri);
    for (const command of ["backpropLens.traceBackprop", "backpropLens.checkGradients", "backpropLens.stepThroughBackward"]) {
      const answer = (await vscode.commands.executeCommand(command, uri)) as TraceAnswer;
      assert.deepEqual(answer, { status: "untrusted" }, command);
    }
    const trained = (await vscode.commands.executeCommand("backpropLens.trainAndTrace", uri, 3)) as TraceAnswer;
    assert.deepEqual(trained, { status: "untrusted" });
    assert.equal(panelTabs().length, 0);
    assert.deepEqual(lensDiagnostics(uri), []);
  });
});
