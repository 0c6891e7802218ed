// Activation: creates the extension's parts and wires them together. Model code never runs here: the
// Tracer runs it in the runner's worker thread.
import * as vscode from "vscode";
import { registerCommands } from "./commands";
import { TraceDiagnostics } from "./diagnostics";
import { isModelFileDocument } from "./editorFiles";
import { GradientHoverProvider } from "./hoverProvider";
import { GradientPanels, PANEL_VIEW_TYPE } from "./panel";
import { showSlowTraceProgress } from "./progress";
import { GradientsViewProvider, SIDE_VIEW_ID } from "./sideView";
import { TraceStatusBar } from "./statusBar";
import { Tracer } from "./tracing";

const MODEL_LANGUAGES: vscode.DocumentSelector = [
  { scheme: "file", language: "typescript" },
  { scheme: "file", language: "javascript" },
];

/** Activates the extension. */
export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version);
  const output = vscode.window.createOutputChannel("Backprop Lens");
  output.appendLine(`Backprop Lens ${version} activated`);
  const extensionUri = context.extensionUri;
  const tracer = new Tracer(extensionUri, output);
  const known = (file: string): boolean => tracer.service.get(file) !== undefined;
  const isModelFile = (doc: vscode.TextDocument): boolean => isModelFileDocument(doc, known);
  const deps = { tracer, output, extensionUri };
  const diagnostics = new TraceDiagnostics();
  const panels = new GradientPanels(deps);
  const sideView = new GradientsViewProvider(deps, isModelFile);
  const statusBar = new TraceStatusBar(tracer.service);

  const updateStatus = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    statusBar.update(doc ? doc.uri.fsPath : null, doc !== undefined && isModelFile(doc));
    void vscode.commands.executeCommand("setContext", "backpropLens.isModelFile", doc !== undefined && isModelFile(doc));
  };
  const stopEvents = tracer.service.onEvent((e) => {
    diagnostics.onTraceEvent(e);
    panels.onTraceEvent(e);
    sideView.onTraceEvent(e);
    if (e.file === vscode.window.activeTextEditor?.document.uri.fsPath) updateStatus();
  });

  context.subscriptions.push(
    output,
    tracer,
    diagnostics,
    panels,
    sideView,
    statusBar,
    { dispose: stopEvents },
    showSlowTraceProgress(tracer.service),
    ...registerCommands({ extensionUri, version, tracer, panels, sideView }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    vscode.window.registerWebviewViewProvider(SIDE_VIEW_ID, sideView),
    vscode.languages.registerHoverProvider(MODEL_LANGUAGES, new GradientHoverProvider(tracer)),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isModelFile(doc)) tracer.traceAutomatically(doc.uri.fsPath);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      sideView.follow(editor);
      updateStatus();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      updateStatus();
      const doc = vscode.window.activeTextEditor?.document;
      if (doc && isModelFile(doc)) tracer.traceAutomatically(doc.uri.fsPath);
    }),
    vscode.workspace.onDidDeleteFiles((e) => {
      for (const uri of e.files) {
        if (!known(uri.fsPath)) continue;
        tracer.service.forget(uri.fsPath);
        diagnostics.clear(uri.fsPath);
      }
    }),
  );
  updateStatus();
}

/** Nothing to release beyond the subscriptions VS Code disposes (running traces are cancelled by the Tracer's dispose). */
export function deactivate(): void {}
