// The bundles that run the engine are compiled the way V8 optimises best: no module of theirs may be
// wrapped in esbuild's lazy initializer (`__esm`), which a dynamic import() of a module sharing the
// engine causes, and which made the benchmark's tracing overhead read 1.3× instead of 1.2×.
import { describe, expect, test } from "vitest";
import { resolve } from "node:path";
import { build } from "esbuild";
import { NODE_BUNDLE } from "../runner/buildWorker";

const root = resolve(__dirname, "../..");

/** The bundle of one entry, in memory, as esbuild.config.mjs builds it. */
async function bundle(entry: string): Promise<string> {
  const r = await build({ ...NODE_BUNDLE, entryPoints: [resolve(root, entry)], sourcemap: false, write: false, logLevel: "silent" });
  return r.outputFiles[0].text;
}

describe("bundles that run the engine", () => {
  test.each(["src/runner/worker.ts", "bench/bench.ts", "bench/overheadWorker.ts"])("%s has no lazily initialised modules", async (entry) => {
    const text = await bundle(entry);
    expect(text).toContain("function runBackward");
    expect(text.includes("__esm(")).toBe(false);
  });
});
