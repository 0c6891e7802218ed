import * as assert from "node:assert/strict";
import { suite, test } from "mocha";
import * as vscode from "vscode";
import { type TraceAnswer, copyExample, diagnosticsUntil, lensDiagnostics, lineOf, open, writeModel } from "./helpers";

suite("Backprop Lens: problems in the editor", () => {
  test("the vanishing example gets warnings at the line that makes its layers; fixing it and saving clears them", async function () {
    this.timeout(90_000);
    const uri = await copyExample("vanishing-sigmoid.ts", "vanishing.ts");
    const editor = await open(uri);
    const doc = editor.document;
    const answer = (await vscode.commands.executeCommand("backpropLens.traceBackprop", uri)) as TraceAnswer;
    assert.equal(answer.status, "ok");

    const ds = lensDiagnostics(uri);
    const linearLine = lineOf(doc, "layers.push(new nn.Linear(width, width)");
    const atLinear = ds.filter((d) => d.range.start.line === linearLine);
    assert.equal(atLinear.length, 1, JSON.stringify(ds.map((d) => [d.range.start.line, d.message])));
    const [w] = atLinear;
    assert.equal(w.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(w.code, "vanishing");
    assert.match(w.message, /^vanishing gradient in \d+ layers \(0, 2, 4, 6, …/);
    assert.equal(doc.getText(w.range), "new nn.Linear(width, width)");
    assert.ok(ds.every((d) => d.severity === vscode.DiagnosticSeverity.Warning && d.code === "vanishing"));

    // The fix: a shallow net. Saving traces again (trace on save is on by default).
    const edit = new vscode.WorkspaceEdit();
    const depth = doc.getText().indexOf("const depth = 20;");
    edit.replace(uri, new vscode.Range(doc.positionAt(depth), doc.positionAt(depth + "const depth = 20;".length)), "const depth = 2;");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    await diagnosticsUntil(uri, (d) => d.length === 0, "no problems after the fix is saved");
  });

  test("a model-file error is an error at its line", async function () {
    this.timeout(60_000);
    const uri = writeModel(
      "shape-bug.ts",
      ['import { randn } from "backprop-lens";', "const x = randn([2, 3]);", "const y = randn([4, 5]);", "export default () => x.matmul(y).sum();", ""].join("\n"),
    );
    await open(uri);
    const answer = (await vscode.commands.executeCommand("backpropLens.traceBackprop", uri)) as TraceAnswer;
    assert.equal(answer.status, "error");
    const [d] = lensDiagnostics(uri);
    assert.ok(d, "no diagnostic");
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 3);
    assert.match(d.message, /matmul/);
  });

  test("a failed gradient check is an error where the parameters are made, and at the op blamed", async function () {
    this.timeout(60_000);
    const uri = await copyExample("custom-op-bug.ts");
    const doc = (await open(uri)).document;
    await vscode.commands.executeCommand("backpropLens.checkGradients", uri);
    const ds = lensDiagnostics(uri);
    const failed = ds.find((d) => d.code === "check-failed");
    assert.ok(failed, JSON.stringify(ds.map((d) => d.message)));
    assert.equal(failed.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(failed.range.start.line, lineOf(doc, "new nn.Linear(3, 2)"));
    assert.match(failed.message, /gradient check failed for weight, bias/);
    const suspect = ds.find((d) => d.code === "suspect-op");
    assert.equal(suspect?.range.start.line, lineOf(doc, "loss: () => cube("));
  });
});
