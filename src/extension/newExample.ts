// New Example Model: writes the starter model into the workspace and opens it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { STARTER_MODEL, starterFileName } from "./model/starterModel";

/** Writes the starter model into `folder` (default: the workspace folder, asked for when there are several); returns its file, or undefined if the user gave no place. */
export async function newExampleModel(folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const dir = folder ?? (await pickFolder());
  if (!dir) return undefined;
  const name = starterFileName((n) => existsSync(join(dir.fsPath, n)));
  const uri = vscode.Uri.joinPath(dir, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_MODEL));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: "Where should the example model go?" }))?.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: "Write the example here" });
  return picked?.[0];
}
