// Which editor documents are model files, and opening a source location.
import * as vscode from "vscode";
import type { SourceLoc } from "../protocol";
import { hasModelExtension, importsBackpropLens } from "./model/modelFile";

/** Opens a source location in the editor group that already shows its file (else the first). */
export async function revealSource(loc: SourceLoc): Promise<void> {
  const uri = vscode.Uri.file(loc.file);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === uri.fsPath);
  const pos = new vscode.Position(Math.max(loc.line - 1, 0), Math.max(loc.column - 1, 0));
  await vscode.window.showTextDocument(uri, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
}

/** The active editor's file if it is a model file candidate (a .ts/.js/.mts/.mjs file on disk). */
export function activeModelFileOrNull(): string | null {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isModelDocument(doc) ? doc.uri.fsPath : null;
}

/** Whether a document can be traced: a file on disk with a model file's extension. */
export function isModelDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === "file" && hasModelExtension(doc.uri.fsPath);
}

/** Whether a document is a model file: traceable, and importing "backprop-lens" (or traced before: `known`). */
export function isModelFileDocument(doc: vscode.TextDocument, known: (file: string) => boolean): boolean {
  return isModelDocument(doc) && (known(doc.uri.fsPath) || importsBackpropLens(doc.getText()));
}
