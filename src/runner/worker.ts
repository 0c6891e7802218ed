// Entry of the worker thread (built to out/worker.js): the engine, the tracer and the user's bundle
// live in this one thread, sharing one engine instance.
import { traceModel } from "../trace/traceModel";
import { runWorker } from "./workerMain";

runWorker(traceModel);
