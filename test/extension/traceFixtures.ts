// Real trace results of the examples, made by the real runner (esbuild bundle + worker thread), so the
// mapping tests read what the extension will read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TraceOptionsInput, TraceResult } from "../../src/protocol";
import { runModel } from "../../src/runner/runModel";
import { buildRunner, removeBuild, repoPath } from "../runner/buildWorker";

let buildDir: string | null = null;

/** Builds the worker once per test file; call stopRunner() in afterAll. */
export async function startRunner(): Promise<void> {
  buildDir ??= await buildRunner();
}

/** Removes the worker build. */
export function stopRunner(): void {
  if (buildDir) removeBuild(buildDir);
  buildDir = null;
}

/** Traces a model file with the built worker. */
export async function trace(file: string, options: TraceOptionsInput = {}): Promise<TraceResult> {
  if (!buildDir) throw new Error("startRunner() first");
  return runModel(file, { workerFile: join(buildDir, "worker.js"), timeoutMs: 30_000, trace: options });
}

/** An example's absolute path and text. */
export function example(name: string): { file: string; text: string } {
  const file = repoPath("examples", name);
  return { file, text: readFileSync(file, "utf8") };
}
