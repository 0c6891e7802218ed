// Entry of the tracing-overhead benchmark's worker (built to out/bench/overheadWorker.js).
// NOTE: a bundle of its own, as the runner's worker is, and without dynamic imports: when a bundle
// both imports the engine and import()s modules that share it (bench.ts once loaded tfjs that way),
// esbuild wraps every shared module in a lazy initializer whose bindings are `var`s, and V8 compiles
// the engine and the tracer measurably slower than in out/worker.js (a 1.2× overhead read as 1.3×).
import { workerData } from "node:worker_threads";
import { type OverheadTask, overheadWorker } from "./traceOverhead";

overheadWorker(workerData as OverheadTask);
