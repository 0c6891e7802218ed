import * as assert from "node:assert/strict";
// Helpers of the product's extension-host tests: model files copied into the test workspace, and
// waiting for what the extension does asynchronously (diagnostics after a save, hovers once the
// TypeScript server answers definitions).
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

/** The extension under test. */
export const EXTENSION_ID = "backprop-lens.backprop-lens";

/** The extension, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

/** The test workspace folder (a fresh copy for this run). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("no workspace folder is open");
  return folder.uri.fsPath;
}

/** Copies examples/NAME from the repository into the workspace as `as` (default NAME); returns its Uri. */
export async function copyExample(name: string, as = name): Promise<vscode.Uri> {
  const ext = await activeExtension();
  const target = join(workspaceDir(), as);
  copyFileSync(join(ext.extensionPath, "examples", name), target);
  return vscode.Uri.file(target);
}

/** Writes a model file into the workspace; returns its Uri. */
export function writeModel(name: string, text: string): vscode.Uri {
  const target = join(workspaceDir(), name);
  writeFileSync(target, text);
  return vscode.Uri.file(target);
}

/** Opens a file in an editor. */
export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** 0-based position of the `nth` occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = doc.getText().indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" (#${nth + 1}) is not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(i + delta);
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
  return positionOf(doc, needle).line;
}

/** The extension's diagnostics of a file. */
export function lensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Backprop Lens");
}

/** Resolves once `check()` holds, re-checking on every diagnostics change; rejects with `what` after `ms`. */
export function diagnosticsUntil(uri: vscode.Uri, check: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 25_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (): boolean => {
      const ds = lensDiagnostics(uri);
      if (!check(ds)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.fsPath === uri.fsPath)) done();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: not seen; the diagnostics are ${JSON.stringify(lensDiagnostics(uri).map((d) => `${d.range.start.line + 1}: ${d.message}`))}`));
    }, ms);
    done();
  });
}

/** The text of every hover at a position, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n\n");
}

/**
 * The hover text at a position once it matches `expected`, asking again for up to `ms`: hovers that
 * resolve an identifier depend on the TypeScript server, which starts lazily.
 */
export async function hoverMatching(uri: vscode.Uri, position: vscode.Position, expected: RegExp, ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = "";
  for (;;) {
    last = await hoverText(uri, position);
    if (expected.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`the hover never matched ${expected}; last: ${JSON.stringify(last.slice(0, 400))}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The open tabs of the gradient panel. */
export function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("backpropLens.gradientPanel"));
}

/** Resolves once `count()` equals `expected` (VS Code updates its tab model a moment after a panel opens); fails after `ms`. */
export async function countBecomes(count: () => number, expected: number, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (count() !== expected) {
    if (Date.now() > end) assert.fail(`${what}: expected ${expected}, got ${count()} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the trace commands answer. */
export type TraceAnswer =
  | { status: "ok"; file: string; result: { loss: number | string; parameters: { name: string }[] } }
  | { status: "error"; file: string; error: { kind: string; message: string; loc: { line: number } | null } }
  | { status: "cancelled" | "untrusted" | "no-file" };
