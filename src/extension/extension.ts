import * as vscode from "vscode";

/** Activates the extension: registers its commands and opens the "Backprop Lens" output channel. */
export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version);
  const output = vscode.window.createOutputChannel("Backprop Lens");
  output.appendLine(`Backprop Lens ${version} activated`);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("backpropLens.showVersion", () => {
      // Not awaited: the message's promise settles only when the user dismisses it.
      void vscode.window.showInformationMessage(`Backprop Lens ${version}`);
      return version;
    }),
  );
}

/** Nothing to release beyond the subscriptions VS Code disposes. */
export function deactivate(): void {}
