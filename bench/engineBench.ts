// Forward + backward of the three models on our engine and on tfjs-cpu, interleaved in one process,
// medians printed next to the PyTorch reference-BLAS targets.
import type { BenchModel } from "./data";
import { oursCnn, oursMlp, oursTransformer } from "./oursModels";
import { collect, median, round, table } from "./report";
import { tfjsCnn, tfjsMlp, tfjsTransformer } from "./tfjsModels";

/** A benchmark model name. */
export type ModelName = "mlp" | "cnn" | "transformer";

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

function timeStep(m: BenchModel): number {
  collect();
  const t0 = performance.now();
  m.step();
  return performance.now() - t0;
}

/** Times the models (all, or the one named) and prints a table, or one JSON line per model. */
export function engineBench(reps: number, only: string | undefined, json: boolean, log: (s: string) => void): void {
  const rows: string[][] = [];
  for (const e of entries.filter((x) => only === undefined || x.name === only)) {
    const ours = e.ours();
    const tfjs = e.tfjs();
    // Warm-up: JIT tiers, wasm memory growth, tfjs kernel caches. Ours is cheap, so it gets more.
    for (let i = 0; i < 5; i++) timeStep(ours);
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
  log(table(["model (nn modules)", "ours ms", "tfjs ms", "tfjs/ours", "PyTorch ms", "≤ PyTorch", "loss ours / tfjs", "runs"], rows));
  log("medians of interleaved runs after warm-up; PyTorch: 1.13, float64, reference BLAS, 1 thread (shared/PERF-NOTES.md)");
}
