// `npm run bench`: (1) forward + backward of three models built with our nn modules (MLP, CNN,
// transformer) against tfjs-core's CPU backend; (2) the tracing overhead: plain forward + backward
// against traceModel with graph capture (checks off), in a worker set up as the runner's; (3) every
// example in examples/ traced with the fast check through the real runner, against the 1 s target.
// Options: `--json` (one line per measurement), `--reps=N` and `--model=NAME` (part 1),
// `--overhead-reps=N` (part 2), `--example-reps=N` (part 3), `--part=engine,overhead,examples` (default: all).
import { join } from "node:path";
import { gemmUsesWasm } from "../src/engine/kernels/gemm";
import { engineBench } from "./engineBench";
import { exampleFiles, timeExamples } from "./exampleTraces";
import { loadAverages, option, round, table } from "./report";
import { initTfjs } from "./tfjsModels";
import { measureOverhead } from "./traceOverhead";

/** Target of the tracing overhead: a traced pass at most this many times a plain one. */
const OVERHEAD_TARGET = 1.3;
/** Target of a full trace of an example with the fast check, in ms. */
const EXAMPLE_TARGET_MS = 1000;

// This script is out/bench/bench.js; the repository root is two levels up.
const root = join(__dirname, "..", "..");

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const reps = Number(option("reps") ?? 15);
  const parts = new Set((option("part") ?? "engine,overhead,examples").split(","));
  const log = (s: string): void => {
    if (!json) console.log(s);
  };
  log(`${await loadAverages()}; Node ${process.version}`);
  if (parts.has("engine")) {
    const tfInfo = await initTfjs();
    log(`\n1. Forward + backward. ours: float64, GEMM ${gemmUsesWasm() ? "WebAssembly SIMD" : "JS loops"}; tfjs: float32, ${tfInfo}`);
    engineBench(reps, option("model"), json, log);
  }
  if (parts.has("overhead")) {
    log(`\n2. Tracing overhead: plain forward + backward vs traceModel (check "off", steps 0), both in a worker loaded as the runner's`);
    // Runs are short (tens of ms), so more of them: the medians hold still better on a shared machine.
    const overheadReps = Number(option("overhead-reps") ?? 31);
    const rows: string[][] = [];
    for (const name of ["mlp", "transformer"]) {
      const r = await measureOverhead(join(root, "bench", "traceModels", `${name}.ts`), overheadReps);
      const ratio = r.traceMs / r.plainMs;
      const cpuRatio = r.traceCpuMs / r.plainCpuMs;
      if (json) {
        console.log(JSON.stringify({
          model: `trace-overhead-${name}`, plainMs: round(r.plainMs), traceMs: round(r.traceMs), ratio: round(ratio), bestRatio: round(r.traceBestMs / r.plainBestMs), traceNoLocateMs: round(r.traceNoLocateMs),
          plainCpuMs: round(r.plainCpuMs), traceCpuMs: round(r.traceCpuMs), cpuRatio: round(cpuRatio), traceNoLocateCpuMs: round(r.traceNoLocateCpuMs),
          firstTraceMs: round(r.firstTraceMs), locateCalls: r.locateCalls, locateUs: round(r.locateUs),
        }));
      }
      rows.push([
        name, r.plainMs.toFixed(1), r.traceMs.toFixed(1), `${ratio.toFixed(2)}×`, ratio <= OVERHEAD_TARGET ? "yes" : "no", `${(r.traceBestMs / r.plainBestMs).toFixed(2)}×`,
        `${r.plainCpuMs.toFixed(1)} / ${r.traceCpuMs.toFixed(1)}`, `${cpuRatio.toFixed(2)}×`, `${(r.traceNoLocateCpuMs / r.plainCpuMs).toFixed(2)}×`,
        `${r.locateCalls} × ${r.locateUs.toFixed(0)} µs`, r.firstTraceMs.toFixed(0), `${r.nodes} (${r.located}/${r.opNodes})`, String(r.runs),
      ]);
    }
    log(table(["model", "plain ms", "trace ms", "trace/plain", `≤ ${OVERHEAD_TARGET}×`, "best/best", "cpu ms plain / trace", "cpu ratio", "cpu, no locate", "locate calls", "1st trace ms", "nodes (ops located)", "runs"], rows));
    log("medians of interleaved runs. trace = traceModel with env.locate = UserStack.locate over the bundled model file (source maps), as in the");
    log("runner's worker; cpu = the same runs in CPU time (not inflated by waiting for a core); no locate = traceModel with locate() → null;");
    log("locate calls = env.locate() calls in one trace × mean cost; 1st trace = the first traceModel call in the fresh worker (cold): one user trace;");
    log("best/best = fastest trace over fastest plain run (noise from other tenants only ever adds time, and adds more to the memory-bound summaries).");
  }
  if (parts.has("examples")) {
    log(`\n3. Every example traced with check "fast" through runModel (bundle + fresh worker + trace with the file's own steps)`);
    const dir = join(root, "examples");
    const files = exampleFiles(dir);
    const exReps = Number(option("example-reps") ?? 3);
    const { timings, firstRunMs } = await timeExamples(dir, files, exReps, join(__dirname, "..", "worker.js"));
    const rows: string[][] = [];
    for (const t of timings) {
      if (json) {
        console.log(JSON.stringify({
          example: t.example, traceMs: round(t.wallMs), bundleMs: round(t.bundleMs), startupMs: round(t.startupMs), insideMs: round(t.insideMs),
          tracePassMs: round(t.traceMs), checksMs: round(t.checksMs), historyMs: round(t.historyMs), ...(t.error === undefined ? {} : { error: t.error }),
        }));
      }
      rows.push([
        t.example, t.wallMs.toFixed(0), t.wallMs < EXAMPLE_TARGET_MS ? "yes" : "no", t.bundleMs.toFixed(0), t.startupMs.toFixed(0), t.insideMs.toFixed(0),
        t.traceMs.toFixed(0), t.checksMs.toFixed(0), `${t.historyMs.toFixed(0)} (${t.steps})`, t.error ?? t.checks,
      ]);
    }
    log(table(["example", "wall ms", "< 1 s", "bundle", "start+load", "in worker", "pass", "checks", "history (steps)", "checks / error"], rows));
    log(`medians of ${exReps} runs each (round-robin); bundle timed by a separate bundleModel call; start+load = wall − bundle − in worker`);
    log(`(worker start, engine and model-file load, result transfer). The untimed first run, which also starts esbuild's service, took ${firstRunMs.toFixed(0)} ms.`);
  }
  log(`\n${await loadAverages()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
