import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { type TraceAnswer, copyExample, countBecomes, hoverMatching, hoverText, lensDiagnostics, open, panelTabs, positionOf } from "./helpers";

suite("Backprop Lens: tracing examples/mlp.ts", () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let answer: TraceAnswer;

  suiteSetup(async function () {
    this.timeout(60_000);
    uri = await copyExample("mlp.ts");
    doc = (await open(uri)).document;
    answer = (await vscode.commands.executeCommand("backpropLens.traceBackprop", uri)) as TraceAnswer;
  });

  test("Trace Backprop yields a result: the loss and the four parameters", () => {
    assert.equal(answer.status, "ok", JSON.stringify(answer).slice(0, 300));
    if (answer.status !== "ok") return;
    assert.equal(typeof answer.result.loss, "number");
    assert.ok(Number.isFinite(answer.result.loss));
    assert.deepEqual(
      answer.result.parameters.map((p) => p.name),
      ["0.weight", "0.bias", "2.weight", "2.bias"],
    );
  });

  test("it opens the model's gradient panel beside the editor, one per file", async () => {
    const mlpPanels = (): vscode.Tab[] => panelTabs().filter((t) => t.label === "Gradients: mlp.ts");
    await countBecomes(() => mlpPanels().length, 1, "gradient panels of mlp.ts after Trace Backprop");
    await vscode.commands.executeCommand("backpropLens.openPanel", uri);
    await vscode.commands.executeCommand("backpropLens.traceBackprop", uri);
    await new Promise((r) => setTimeout(r, 500)); // a second panel, if one were opened, would show up by now
    assert.equal(mlpPanels().length, 1);
  });

  test("a healthy model has no problems", () => {
    assert.deepEqual(lensDiagnostics(uri), []);
  });

  test("the hover over `new nn.Linear(4, 8)` shows that layer's weight and bias gradients", async () => {
    const text = await hoverMatching(uri, positionOf(doc, "new nn.Linear(4, 8)", 9), /Backprop Lens/, 5_000);
    assert.match(text, /`0\.weight`\*\* · `\[8, 4\]` · Linear/);
    assert.match(text, /`0\.bias`\*\* · `\[8\]` · Linear/);
    assert.doesNotMatch(text, /2\.weight/);
    assert.match(text, /‖grad‖ \| \*\*[-\d.e]+\*\*/);
    assert.match(text, /verdict \| ✓ healthy/);
    assert.match(text, /check \| ✓ pass · max rel\. error/);
    assert.match(text, /\[Show in graph\]\(command:backpropLens\.showInGraph\?/);
    assert.match(text, /\[Check this parameter\]\(command:backpropLens\.checkParameter\?/);
  });

  test("the hover over a later use of `model` (found by its definition) shows every parameter it holds", async () => {
    const text = await hoverMatching(uri, positionOf(doc, "model.forward(x)", 2), /Backprop Lens/);
    for (const name of ["0.weight", "0.bias", "2.weight", "2.bias"]) assert.ok(text.includes(`\`${name}\``), `${name} is not in the hover:\n${text}`);
  });

  test("a word that holds no parameter gets no gradient hover", async () => {
    const text = await hoverText(uri, positionOf(doc, "manualSeed(0)", 2));
    assert.doesNotMatch(text, /Backprop Lens/);
  });

  test("Export Report writes the HTML report and the trace JSON", async () => {
    const target = vscode.Uri.file(uri.fsPath.replace(/\.ts$/, ".report.html"));
    const written = (await vscode.commands.executeCommand("backpropLens.exportReport", uri, target)) as { html: string; json: string };
    assert.equal(written.html, target.fsPath);
    assert.ok(existsSync(written.html) && existsSync(written.json));
    assert.match(readFileSync(written.html, "utf8"), /<div id="bpl-root"><\/div>/);
    const json = JSON.parse(readFileSync(written.json, "utf8")) as { schema: string; parameters: unknown[] };
    assert.equal(json.schema, "backprop-lens/trace@1");
    assert.equal(json.parameters.length, 4);
  });

  test("Train and Trace runs the given number of optimizer steps", async function () {
    this.timeout(60_000);
    const trained = (await vscode.commands.executeCommand("backpropLens.trainAndTrace", uri, 7)) as TraceAnswer & { result?: { history?: unknown[] } };
    assert.equal(trained.status, "ok");
    assert.equal(trained.result?.history?.length, 7);
  });
});

suite("Backprop Lens: hovers come from the last trace only", () => {
  test("a model file that was never traced has no gradient hover", async () => {
    const uri = await copyExample("mlp.ts", "untraced.ts");
    const doc = (await open(uri)).document;
    const text = await hoverText(uri, positionOf(doc, "new nn.Linear(4, 8)", 9));
    assert.doesNotMatch(text, /Backprop Lens/);
  });
});
