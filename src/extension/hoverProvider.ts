// Hovers with gradients: over a parameter's creation call, or over any identifier whose definition
// (found with VS Code's definition provider) created parameters or a module. Answers only from the
// last trace of the file; never starts one.
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { ParameterInfo } from "../protocol";
import { HOVER_COMMANDS, hoverMarkdown } from "./model/hoverText";
import { paramsAtCreation, paramsOfDeclaration } from "./model/paramLookup";
import type { Tracer } from "./tracing";
import { isModelDocument } from "./editorFiles";

/** The hover provider over model files. */
export class GradientHoverProvider implements vscode.HoverProvider {
  constructor(private readonly tracer: Tracer) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | null> {
    if (!isModelDocument(doc)) return null;
    // Parameters are reported against the traced model file, or a file the model imports.
    const traced = this.tracesMentioning(doc.uri.fsPath);
    if (traced.length === 0) return null;
    const wordRange = doc.getWordRangeAtPosition(position);
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    for (const model of traced) {
      const state = this.tracer.service.get(model)!;
      const params = paramsAtCreation(state.result!, doc.uri.fsPath, text, offset);
      if (params.length > 0) return this.hover(model, params, doc, wordRange);
    }
    if (!wordRange || token.isCancellationRequested) return null;
    const found = await this.paramsByDefinition(doc, position, traced);
    if (!found || token.isCancellationRequested) return null;
    return this.hover(found.model, found.params, doc, wordRange);
  }

  /** Model files with a result that is about `file`: the file itself, or models creating parameters in it (the file first). */
  private tracesMentioning(file: string): string[] {
    return this.tracer.service
      .files()
      .filter((m) => {
        const result = this.tracer.service.get(m)?.result;
        return result && (m === file || result.parameters.some((p) => p.loc?.file === file));
      })
      .sort((a, b) => Number(b === file) - Number(a === file));
  }

  private async paramsByDefinition(doc: vscode.TextDocument, position: vscode.Position, traced: string[]): Promise<{ model: string; params: ParameterInfo[] } | null> {
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>("vscode.executeDefinitionProvider", doc.uri, position);
    for (const def of defs ?? []) {
      const uri = "targetUri" in def ? def.targetUri : def.uri;
      const range = "targetUri" in def ? (def.targetSelectionRange ?? def.targetRange) : def.range;
      if (uri.scheme !== "file") continue;
      const defText = uri.fsPath === doc.uri.fsPath ? doc.getText() : readText(uri);
      if (defText === null) continue;
      const defOffset = offsetIn(defText, range.start);
      for (const model of [...traced, ...this.tracer.service.files().filter((f) => !traced.includes(f))]) {
        const result = this.tracer.service.get(model)?.result;
        if (!result) continue;
        const params = paramsOfDeclaration(result, uri.fsPath, defText, defOffset);
        if (params.length > 0) return { model, params };
      }
    }
    return null;
  }

  private hover(model: string, params: ParameterInfo[], doc: vscode.TextDocument, range: vscode.Range | undefined): vscode.Hover {
    const state = this.tracer.service.get(model)!;
    const md = new vscode.MarkdownString(hoverMarkdown(state.result!, params, { file: model, stale: state.stale || doc.isDirty }));
    md.isTrusted = { enabledCommands: [HOVER_COMMANDS.showInGraph, HOVER_COMMANDS.checkParameter] };
    md.supportThemeIcons = false;
    return new vscode.Hover(md, range);
  }
}

function readText(uri: vscode.Uri): string | null {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (open) return open.getText();
  try {
    return readFileSync(uri.fsPath, "utf8");
  } catch {
    return null;
  }
}

function offsetIn(text: string, pos: vscode.Position): number {
  let offset = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + pos.character;
}
