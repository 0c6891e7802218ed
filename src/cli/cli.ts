// `backprop-lens trace <file> …`: runs the model file through the runner and prints the report (or
// JSON), returning the exit code: 0 all checks pass and no anomaly, 1 otherwise, 2 cannot run.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TraceOptionsInput, TraceResult } from "../protocol";
import { RunError, displayPath } from "../runner/runError";
import { runModel } from "../runner/runModel";
import { USAGE, type TraceArgs, parseArgs } from "./args";
import { ProgressLine } from "./progress";
import { exitCodeOf, renderReport, renderRunError } from "./report";
import { makeStyle, wantsColor } from "./style";
import { version } from "../../package.json";
import { loadReportAssets } from "../report/reportAssets";
import { renderReportHtml } from "../report/renderReportHtml";

/** A writable stream as the CLI uses it. */
export interface OutStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** The CLI's surroundings (the process's, unless a test gives its own). */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The runner's worker; default: worker.js next to the CLI bundle. */
  workerFile?: string;
  /** The package folder holding out/webview.js and media/ for --html; default: the folder above the CLI bundle. */
  packageRoot?: string;
  signal?: AbortSignal;
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case "help":
      io.stdout.write(`${USAGE}\n`);
      return 0;
    case "version":
      io.stdout.write(`${version}\n`);
      return 0;
    case "error":
      io.stderr.write(`backprop-lens: ${args.message}\nRun backprop-lens --help for the options.\n`);
      return 2;
    case "trace":
      return trace(args, io);
  }
}

async function trace(args: TraceArgs, io: CliIo): Promise<number> {
  const jsonToStdout = args.json === true;
  const style = makeStyle(args.color ?? (!jsonToStdout && wantsColor(io.stdout, io.env)));
  const errStyle = makeStyle(args.color ?? wantsColor(io.stderr, io.env));
  const progress = new ProgressLine(io.stderr, errStyle);
  const file = resolve(io.cwd, args.file);
  const lines = new SourceLines();
  let result: TraceResult;
  try {
    result = await runModel(file, {
      trace: traceOptions(args),
      timeoutMs: args.timeoutS === null ? undefined : args.timeoutS * 1000,
      memoryMb: args.memoryMb ?? undefined,
      signal: io.signal,
      workerFile: io.workerFile,
      onProgress: (p) => progress.update(p),
      // What the model prints goes to stderr, so that stdout holds only the report (or the JSON).
      onOutput: (text) => {
        progress.clear();
        io.stderr.write(text);
      },
    });
  } catch (e) {
    progress.clear();
    const err = e instanceof RunError ? e : new RunError("worker", e instanceof Error ? e.message : String(e), { file });
    const text = renderRunError(err, { style: errStyle, cwd: io.cwd, sourceLine: (f, n) => lines.get(f, n) }, args.verbose);
    io.stderr.write(`${text.join("\n")}\n`);
    return 2;
  }
  progress.clear();
  if (typeof args.json === "string") {
    const out = resolve(io.cwd, args.json);
    writeFileSync(out, toJson(result, args.values));
    io.stderr.write(`${errStyle.dim(`wrote the trace to ${displayPath(out, io.cwd)}`)}\n`);
  }
  if (args.html !== null) {
    const out = resolve(io.cwd, args.html);
    const assets = await loadReportAssets(io.packageRoot ?? resolve(__dirname, ".."));
    writeFileSync(out, renderReportHtml(result, assets, { file: displayPath(file, io.cwd), generatedAt: new Date().toISOString() }));
    io.stderr.write(`${errStyle.dim(`wrote the HTML report to ${displayPath(out, io.cwd)}`)}\n`);
  }
  if (jsonToStdout) io.stdout.write(toJson(result, args.values));
  else {
    if (args.values && args.json === false) io.stderr.write(`${errStyle.yellow("note:")} --values only adds arrays to the JSON output (--json)\n`);
    const report = renderReport(result, { style, cwd: io.cwd, file, sourceLine: (f, n) => lines.get(f, n) });
    io.stdout.write(`${report.join("\n")}\n`);
  }
  return exitCodeOf(result);
}

/** The trace options a command line asks for. */
export function traceOptions(args: TraceArgs): TraceOptionsInput {
  return {
    check: args.check ?? undefined,
    steps: args.steps,
    seed: args.seed,
    // NOTE: --values means every parameter's arrays, whatever their size.
    ...(args.values ? { includeValues: true, valueSizeCap: Number.MAX_SAFE_INTEGER } : {}),
  };
}

function toJson(result: TraceResult, compact: boolean): string {
  return `${compact ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`;
}

/** Lines of source files, read once each (for source excerpts under errors and anomalies). */
class SourceLines {
  private readonly files = new Map<string, string[] | null>();

  get(file: string, line: number): string | null {
    if (!this.files.has(file)) {
      try {
        this.files.set(file, readFileSync(file, "utf8").split(/\r?\n/));
      } catch {
        this.files.set(file, null);
      }
    }
    return this.files.get(file)?.[line - 1] ?? null;
  }
}
