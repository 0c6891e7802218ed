// Workspace Trust: model files are code, so they run only in a trusted workspace. In a restricted one
// the user is told why nothing ran and offered the trust editor.
import * as vscode from "vscode";

/** Whether model code may run in this window. */
export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

const MANAGE = "Manage Workspace Trust";

/**
 * True when trusted; otherwise says why `action` did not run (not awaited: the message's promise ends
 * only when it is dismissed) and opens the trust editor if asked. Returns false then.
 */
export function requireTrust(action: string): boolean {
  if (isTrusted()) return true;
  void vscode.window
    .showWarningMessage(
      `Backprop Lens did not ${action}: this workspace is not trusted, and tracing runs the model file's code. Trust the workspace to trace.`,
      MANAGE,
    )
    .then((choice) => {
      if (choice === MANAGE) void vscode.commands.executeCommand("workbench.trust.manage");
    });
  return false;
}
