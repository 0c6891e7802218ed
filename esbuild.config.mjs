// Builds every bundle the project ships or runs: the CLI and its worker, the extension host, the
// webview, and the benchmarks. `node esbuild.config.mjs [--watch] [--bench]`.
import * as esbuild from "esbuild";
import { cpSync, existsSync } from "node:fs";

const args = new Set(process.argv.slice(2));

/** Node bundles (CommonJS, so the extension host can load them). Entries that do not exist yet are skipped. */
const nodeEntries = [
  { in: "src/cli/main.ts", out: "cli" },
  { in: "src/runner/worker.ts", out: "worker" },
  { in: "src/extension/extension.ts", out: "extension" },
  { in: "src/tsPlugin/main.ts", out: "tsPlugin" },
  ...(args.has("--bench")
    ? [
        { in: "bench/bench.ts", out: "bench/bench" },
        { in: "bench/overheadWorker.ts", out: "bench/overheadWorker" },
      ]
    : []),
].filter((e) => existsSync(e.in));

const common = {
  bundle: true,
  sourcemap: "linked",
  target: "node20",
  logLevel: "warning",
  keepNames: true,
};

// tsserver loads the TypeScript plugin by package name from the extension's node_modules (see packages/ts-plugin).
if (existsSync("packages/ts-plugin")) cpSync("packages/ts-plugin", "node_modules/backprop-lens-ts-plugin", { recursive: true });

const contexts = [];
if (nodeEntries.length > 0) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: nodeEntries,
      outdir: "out",
      platform: "node",
      format: "cjs",
      external: ["vscode", "esbuild"],
    }),
  );
}
if (existsSync("webview/main.ts")) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: [{ in: "webview/main.ts", out: "webview" }],
      outdir: "out",
      platform: "browser",
      format: "iife",
      target: "chrome120",
    }),
  );
}

if (args.has("--watch")) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
