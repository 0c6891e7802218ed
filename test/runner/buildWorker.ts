// Builds the runner's worker (and the CLI) into a fresh temp dir with esbuild's API, so the tests
// start real worker threads from real bundles without racing over out/ (other builds replace or wipe it).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type BuildOptions, build } from "esbuild";

const root = resolve(__dirname, "../..");

/** The options esbuild.config.mjs bundles Node entries with (the extension host's "vscode" aside). */
export const NODE_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "linked",
  keepNames: true,
  external: ["esbuild"],
  logLevel: "warning",
} satisfies BuildOptions;

/** Bundles src/runner/worker.ts (and src/cli/main.ts with `withCli`) like esbuild.config.mjs; returns the output dir. */
export async function buildRunner(withCli = false): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), "backprop-lens-test-build-"));
  await build({
    entryPoints: [
      { in: join(root, "src/runner/worker.ts"), out: "worker" },
      ...(withCli ? [{ in: join(root, "src/cli/main.ts"), out: "cli" }] : []),
    ],
    outdir,
    ...NODE_BUNDLE,
  });
  return outdir;
}

/** Removes a build made by buildRunner (call it in afterAll, when no worker runs from it any more). */
export function removeBuild(dir: string): void {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
}

/** Environment for running the built CLI from its temp dir: esbuild (left external) resolves from the repo's node_modules. */
export function cliEnv(): Record<string, string> {
  return { ...(process.env as Record<string, string>), NODE_PATH: join(root, "node_modules"), NO_COLOR: "1" };
}

/** An example or fixture path. */
export const repoPath = (...p: string[]): string => join(root, ...p);

const written: string[] = [];

/** Removes every dir writeFiles made (call it in afterAll). */
export function removeWrittenFiles(): void {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp dir holding the given files (path → text); returns the dir. Broken model files live here, not in the repo, so that tsc never sees them. */
export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "backprop-lens-test-model-"));
  written.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** 1-based line of the first line of `text` containing `needle` (for locating expectations without hard-coding numbers). */
export function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}

/** A package root for the standalone report under `dir`: out/webview.js built as esbuild.config.mjs does, media/ linked. */
export async function buildReportRoot(dir: string): Promise<string> {
  const pkg = join(dir, "report-root");
  mkdirSync(join(pkg, "out"), { recursive: true });
  await build({
    entryPoints: [join(root, "webview/main.ts")],
    outfile: join(pkg, "out/webview.js"),
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "chrome120",
    logLevel: "warning",
  });
  symlinkSync(join(root, "media"), join(pkg, "media"));
  return pkg;
}
