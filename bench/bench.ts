// `npm run bench`: forward + backward of three models (MLP, CNN, transformer) on our engine
// (float64) and on tfjs-core's CPU backend (float32), interleaved in one process, medians printed
// with the PyTorch reference-BLAS targets. `--json`: one line per model. `--reps=N`, `--model=NAME`.
import { gemmUsesWasm } from "../src/engine/kernels/gemm";
import type { BenchModel } from "./data";
import { oursCnn, oursMlp, oursTransformer } from "./oursModels";
import { initTfjs, tfjsCnn, tfjsMlp, tfjsTransformer } from "./tfjsModels";

type ModelName = "mlp" | "cnn" | "transformer";

interface Entry {
  name: ModelName;
  label: string;
  /** PyTorch 1.13, float64, reference BLAS, one thread (shared/PERF-NOTES.md). */
  targetMs: number;
  ours: () => BenchModel;
  tfjs: () => BenchModel;
}

const entries: Entry[] = [
  { name: "mlp", label: "MLP 784-512-256-10, batch 128", targetMs: 70, ours: oursMlp, tfjs: tfjsMlp },
  { name: "cnn", label: "CNN 2×(conv3×3+relu+pool2)+linear, batch 32", targetMs: 78, ours: oursCnn, tfjs: tfjsCnn },
  { name: "transformer", label: "transformer 2×(d64, 4 heads, ffn 256), 8×32", targetMs: 41, ours: oursTransformer, tfjs: tfjsTransformer },
];

const gc = (globalThis as { gc?: () => void }).gc;

function timeStep(m: BenchModel): number {
  gc?.();
  const t0 = performance.now();
  m.step();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const reps = Number(option("reps") ?? 15);
  const only = option("model");
  const tfInfo = await initTfjs();
  const log = (s: string): void => {
    if (!json) console.log(s);
  };
  log(`ours: float64, GEMM ${gemmUsesWasm() ? "WebAssembly SIMD" : "JS loops"}; tfjs: float32, ${tfInfo}; Node ${process.version}`);
  const rows: string[][] = [];
  for (const e of entries.filter((x) => only === undefined || x.name === only)) {
    const ours = e.ours();
    const tfjs = e.tfjs();
    // Warm-up: JIT, wasm memory growth, tfjs kernel caches.
    for (let i = 0; i < 2; i++) timeStep(ours);
    const tfFirst = Math.max(timeStep(tfjs), timeStep(tfjs));
    // Slow tfjs models get fewer runs (about 10 s of them), never fewer than 5.
    const tfReps = Math.max(5, Math.min(reps, Math.round(10_000 / tfFirst)));
    const oursTimes: number[] = [];
    const tfTimes: number[] = [];
    // Interleaved, alternating which goes first, so slow spells on a shared machine hit both.
    for (let r = 0; r < reps; r++) {
      const runTf = r < tfReps;
      if (r % 2 === 0) {
        oursTimes.push(timeStep(ours));
        if (runTf) tfTimes.push(timeStep(tfjs));
      } else {
        if (runTf) tfTimes.push(timeStep(tfjs));
        oursTimes.push(timeStep(ours));
      }
    }
    const oursMs = median(oursTimes);
    const tfjsMs = median(tfTimes);
    if (json) console.log(JSON.stringify({ model: e.name, oursMs: round(oursMs), tfjsMs: round(tfjsMs) }));
    rows.push([
      e.label, oursMs.toFixed(1), tfjsMs.toFixed(1), `${(tfjsMs / oursMs).toFixed(1)}×`, `${e.targetMs}`, oursMs <= e.targetMs ? "yes" : "no",
      `${ours.lastLoss().toFixed(5)} / ${tfjs.lastLoss().toFixed(5)}`, `${oursTimes.length}/${tfTimes.length}`,
    ]);
  }
  log(table(["model", "ours ms", "tfjs ms", "tfjs/ours", "PyTorch ms", "≤ PyTorch", "loss ours / tfjs", "runs"], rows));
  log("medians of interleaved runs after warm-up; PyTorch: 1.13, float64, reference BLAS, 1 thread (shared/PERF-NOTES.md)");
}

const round = (v: number): number => Math.round(v * 100) / 100;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
