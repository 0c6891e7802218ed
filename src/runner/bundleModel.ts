// Bundles a model file with esbuild: one CommonJS file the worker can require(), with "backprop-lens"
// resolved to the worker's engine instance and an inline source map whose sources are absolute file
// URLs (so stack frames map back to the user's files wherever the bundle is written).
import { existsSync, statSync, writeFileSync } from "node:fs";
import type { SourceMapPayload } from "node:module";
import { dirname, extname, join, parse, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildFailure, type Message, type Plugin, build } from "esbuild";
import { ENGINE_GLOBAL } from "./messages";
import { RunError } from "./runError";

/** Extensions a model file may have. */
export const MODEL_EXTENSIONS: readonly string[] = [".ts", ".mts", ".js", ".mjs"];

/** A bundled model file. */
export interface ModelBundle {
  /** Absolute path of the model file. */
  file: string;
  /** Absolute path of the bundle written into outDir. */
  bundlePath: string;
  /** Absolute paths of the user's own files in the bundle (node_modules excluded). */
  sources: string[];
  /** The bundle's source map (sources as absolute file URLs). */
  map: SourceMapPayload;
}

// NOTE: the engine is not bundled into the user's code: the import resolves to the instance the
// worker already loaded, so the tracer's observer (module state in that instance) sees the user's ops.
const enginePlugin: Plugin = {
  name: "backprop-lens-engine",
  setup(b) {
    b.onResolve({ filter: /^backprop-lens$/ }, () => ({ path: "backprop-lens", namespace: "backprop-lens" }));
    b.onLoad({ filter: /.*/, namespace: "backprop-lens" }, () => ({
      contents: `module.exports = globalThis[${JSON.stringify(ENGINE_GLOBAL)}];`,
      loader: "js",
    }));
  },
};

/** Bundles `file` into `outDir`; throws a RunError (not-found, syntax, missing-import, bundle) when it cannot. */
export async function bundleModel(file: string, outDir: string): Promise<ModelBundle> {
  const abs = resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new RunError("not-found", `cannot find the model file ${file}`, { file: abs });
  if (!MODEL_EXTENSIONS.includes(extname(abs))) {
    throw new RunError("not-found", `a model file must end in ${MODEL_EXTENSIONS.join(", ")}; got ${parse(abs).base}`, { file: abs });
  }
  const bundlePath = join(outDir, `${parse(abs).name}.bundle.cjs`);
  const workDir = dirname(abs);
  let out;
  try {
    out = await build({
      entryPoints: [abs],
      absWorkingDir: workDir,
      bundle: true,
      write: false,
      outfile: bundlePath,
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcemap: "external",
      sourcesContent: false,
      keepNames: true,
      logLevel: "silent",
      plugins: [enginePlugin],
    });
  } catch (e) {
    throw bundleError(e, workDir, abs);
  }
  const js = out.outputFiles.find((f) => f.path.endsWith(".cjs"));
  const mapFile = out.outputFiles.find((f) => f.path.endsWith(".map"));
  if (!js || !mapFile) throw new RunError("bundle", "esbuild produced no output for the model file", { file: abs });
  const map = JSON.parse(mapFile.text) as SourceMapPayload;
  const sources = map.sources.map((s) => resolve(outDir, s));
  map.sources = sources.map((s) => pathToFileURL(s).href);
  map.sourceRoot = "";
  const inline = Buffer.from(JSON.stringify(map)).toString("base64");
  writeFileSync(bundlePath, `${js.text}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`);
  return { file: abs, bundlePath, sources: sources.filter((s) => !/[\\/]node_modules[\\/]/.test(s)), map };
}

/** Turns an esbuild failure into a RunError located at the first error's file:line:column. */
function bundleError(e: unknown, workDir: string, entry: string): RunError {
  const errors: Message[] = (e as Partial<BuildFailure>).errors ?? [];
  const first = errors[0];
  if (!first) return new RunError("bundle", `could not bundle the model file: ${e instanceof Error ? e.message : String(e)}`, { file: entry });
  const l = first.location;
  const loc = l ? { file: resolve(workDir, l.file), line: l.line, column: l.column + 1 } : undefined;
  const resolveFail = /^Could not resolve "(.*)"/.exec(first.text);
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
  if (resolveFail) {
    const what = resolveFail[1];
    const hint = what.startsWith(".") || what.startsWith("/") ? "no such file (relative imports are resolved from the importing file)" : "no such package in node_modules";
    return new RunError("missing-import", `cannot find module "${what}": ${hint}${more}`, { loc, file: entry });
  }
  const kind = l ? "syntax" : "bundle";
  return new RunError(kind, `${first.text}${more}`, { loc, file: entry });
}
