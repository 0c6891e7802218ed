// The commands. Each one that acts on a model file takes its Uri (editor title button, context menu)
// or uses the active editor's file, and answers what it did, so tests can read the outcome.
import * as vscode from "vscode";
import type { WebviewTab } from "../protocol";
import { activeModelFileOrNull } from "./editorFiles";
import { type ExportedReport, askReportTarget, writeReport } from "./exportReport";
import { baseName } from "./model/format";
import { newExampleModel } from "./newExample";
import type { GradientPanels } from "./panel";
import { readSettings } from "./settings";
import type { GradientsViewProvider } from "./sideView";
import { type TraceCommandResult, type Tracer } from "./tracing";
import { isTrusted, requireTrust } from "./trust";

/** What the commands work with. */
export interface CommandDeps {
  extensionUri: vscode.Uri;
  version: string;
  tracer: Tracer;
  panels: GradientPanels;
  sideView: GradientsViewProvider;
}

/** Command ids, as package.json contributes them. */
export const COMMANDS = {
  traceBackprop: "backpropLens.traceBackprop",
  checkGradients: "backpropLens.checkGradients",
  trainAndTrace: "backpropLens.trainAndTrace",
  openPanel: "backpropLens.openPanel",
  stepThroughBackward: "backpropLens.stepThroughBackward",
  exportReport: "backpropLens.exportReport",
  newExample: "backpropLens.newExample",
  showInGraph: "backpropLens.showInGraph",
  checkParameter: "backpropLens.checkParameter",
  showVersion: "backpropLens.showVersion",
} as const;

const NO_FILE = 'Backprop Lens: open a model file first — a .ts or .js file that imports "backprop-lens" and default-exports its loss.';

/** The model file a command acts on: its argument, else the active editor's, else the side view's. */
function targetFile(arg: unknown, deps: CommandDeps): string | null {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === "string") return arg;
  return activeModelFileOrNull() ?? deps.sideView.shownFile;
}

/** Opens the panel of `file` and traces it; `tab` is shown once the result is in. */
async function traceInPanel(deps: CommandDeps, file: string, kind: "trace" | "check" | "train", tab: WebviewTab | null, steps?: number): Promise<TraceCommandResult> {
  if (!isTrusted()) return deps.tracer.trace(file, kind, steps); // says why nothing ran
  deps.panels.createOrShow(file);
  deps.sideView.show(file);
  const outcome = await deps.tracer.trace(file, kind, steps);
  if (tab && outcome.status === "ok") deps.panels.showTab(file, tab);
  return outcome;
}

/** Registers every command. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { tracer, panels } = deps;
  const withFile =
    <R>(run: (file: string, ...rest: unknown[]) => Promise<R>) =>
    async (arg?: unknown, ...rest: unknown[]): Promise<R | { status: "no-file" }> => {
      const file = targetFile(arg, deps);
      if (!file) {
        void vscode.window.showInformationMessage(NO_FILE);
        return { status: "no-file" };
      }
      return run(file, ...rest);
    };

  const register = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn);
  return [
    register(COMMANDS.traceBackprop, withFile((file) => traceInPanel(deps, file, "trace", null))),
    register(COMMANDS.checkGradients, withFile((file) => traceInPanel(deps, file, "check", "checks"))),
    register(
      COMMANDS.trainAndTrace,
      withFile(async (file, stepsArg) => {
        const steps = typeof stepsArg === "number" ? stepsArg : await askSteps(file);
        if (steps === undefined) return { status: "cancelled" as const, file };
        return traceInPanel(deps, file, "train", "layers", steps);
      }),
    ),
    register(
      COMMANDS.openPanel,
      withFile(async (file) => {
        panels.createOrShow(file, false);
        deps.sideView.show(file);
        if (!tracer.service.get(file) && isTrusted()) void tracer.trace(file, "trace");
        return { status: "shown" as const, file };
      }),
    ),
    register(
      COMMANDS.stepThroughBackward,
      withFile(async (file) => {
        if (!tracer.service.get(file)?.result) return traceInPanel(deps, file, "trace", "walk");
        panels.createOrShow(file, false);
        panels.showTab(file, "walk");
        return { status: "shown" as const, file };
      }),
    ),
    register(COMMANDS.exportReport, withFile((file, target) => exportReportOf(deps, file, target instanceof vscode.Uri ? target : undefined))),
    register(COMMANDS.newExample, async (folder?: unknown) => {
      const uri = await newExampleModel(folder instanceof vscode.Uri ? folder : undefined);
      if (uri) tracer.traceAutomatically(uri.fsPath);
      return uri;
    }),
    register(
      COMMANDS.showInGraph,
      withFile(async (file, name) => {
        panels.createOrShow(file);
        if (typeof name === "string") panels.focus(file, { kind: "param", name });
        return { status: "shown" as const, file };
      }),
    ),
    register(
      COMMANDS.checkParameter,
      withFile(async (file, name) => {
        const outcome = await traceInPanel(deps, file, "check", "checks");
        if (outcome.status === "ok" && typeof name === "string") panels.focus(file, { kind: "param", name });
        return outcome;
      }),
    ),
    register(COMMANDS.showVersion, () => {
      // Not awaited: the message's promise settles only when the user dismisses it.
      void vscode.window.showInformationMessage(`Backprop Lens ${deps.version}`);
      return deps.version;
    }),
  ];
}

async function askSteps(file: string): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: `Backprop Lens: Train and Trace ${baseName(file)}`,
    prompt: "Optimizer steps to run (the model file must export an optimizer)",
    value: String(readSettings(vscode.Uri.file(file)).steps),
    validateInput: (v) => (/^\s*[1-9]\d*\s*$/.test(v) && Number(v) <= 100_000 ? null : "a whole number of steps, 1 to 100000"),
  });
  return answer === undefined ? undefined : Number(answer);
}

/** Exports the last trace of `file` (tracing it first when there is none) as HTML + JSON. */
async function exportReportOf(deps: CommandDeps, file: string, target: vscode.Uri | undefined): Promise<ExportedReport | { status: string }> {
  let result = deps.tracer.service.get(file)?.result ?? null;
  if (!result) {
    if (!requireTrust("export a report")) return { status: "untrusted" };
    const outcome = await deps.tracer.trace(file, "trace");
    if (outcome.status !== "ok") {
      if (outcome.status === "error") void vscode.window.showErrorMessage(`Backprop Lens: ${baseName(file)} could not be traced: ${outcome.error.message}`);
      return { status: outcome.status };
    }
    result = outcome.result;
  }
  const htmlTarget = target ?? (await askReportTarget(file));
  if (!htmlTarget) return { status: "cancelled" };
  const written = await writeReport(result, file, htmlTarget, deps.extensionUri);
  void vscode.window.showInformationMessage(`Backprop Lens: wrote ${baseName(written.html)} and ${baseName(written.json)}`, "Open JSON").then((choice) => {
    if (choice === "Open JSON") void vscode.window.showTextDocument(vscode.Uri.file(written.json));
  });
  return written;
}
