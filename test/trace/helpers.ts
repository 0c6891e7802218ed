// Test support for the tracer: a TraceEnv whose locate() reads the real (source-mapped) stack, a
// small Linear built from param() so tests do not depend on nn, and the PyTorch reference cases.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Module } from "../../src/engine/nn/module";
import { param } from "../../src/engine/creation";
import type { Tensor } from "../../src/engine/tensor";
import type { SourceLoc, TraceOptionsInput, TraceResult } from "../../src/protocol";
import { type TraceEnv, startLeafRecording } from "../../src/trace/env";
import { traceModel } from "../../src/trace/traceModel";
import { SHARED_CASES_DIR } from "../helpers/referenceCases";

const FRAME = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/;

/** locate() as the runner implements it: the first stack frame in `file` (never the engine). */
export function locateIn(file: string): () => SourceLoc | null {
  return () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    const stack = new Error().stack ?? "";
    Error.stackTraceLimit = limit;
    for (const line of stack.split("\n")) {
      const m = FRAME.exec(line.trim());
      if (m !== null && m[1].replace("file://", "") === file) return { file, line: Number(m[2]), column: Number(m[3]) };
    }
    return null;
  };
}

/** locateIn(file) that counts its calls (defined here, so that its own frame is not in `file`). */
export function countingLocate(file: string): { locate: () => SourceLoc | null; calls: () => number } {
  const locate = locateIn(file);
  let n = 0;
  return {
    locate: () => {
      n++;
      return locate();
    },
    calls: () => n,
  };
}

/** A TraceEnv for models written in test file `file`. */
export function envFor(file: string): TraceEnv {
  return { locate: locateIn(file), userSource: readFileSync(file, "utf8"), userFile: file };
}

/** Builds the spec with leaf recording on (as the runner evaluates a model file), then traces it. */
export function trace(file: string, build: () => unknown, options: TraceOptionsInput = {}): TraceResult {
  const env = envFor(file);
  const leaves = startLeafRecording(env.locate);
  let spec: unknown;
  try {
    spec = build();
  } finally {
    leaves.stop();
  }
  return traceModel(spec, options, { ...env, leaves });
}

/** y = x·Wᵀ + b with W [out, in], written from param() (independent of nn.Linear). */
export class Lin extends Module {
  weight: Tensor;
  bias: Tensor;

  constructor(w: number[][], b: number[]) {
    super();
    this.weight = param(w);
    this.bias = param(b);
  }

  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

/** A PyTorch reference tensor. */
export interface RefTensor {
  name: string;
  shape: number[];
  data: (number | string)[];
}

/** A PyTorch reference case (see /work/shared/reference/SCHEMA.md). */
export interface RefCase {
  inputs: RefTensor[];
  params: RefTensor[];
  loss: number;
  grads: Record<string, { shape: number[]; data: number[] }>;
  grad_norms?: { layers: Record<string, number | string>[] };
}

const CASES_DIR = SHARED_CASES_DIR;

/** Loads a reference case by name (from ../shared/reference/cases or $BACKPROP_REFERENCE_DIR). */
export function loadCase(name: string): RefCase {
  return JSON.parse(readFileSync(path.join(CASES_DIR, `${name}.json`), "utf8")) as RefCase;
}

/** A reference tensor's data as nested rows (2-D) or a flat list (1-D). */
export function rows(t: RefTensor): number[][] {
  const data = t.data.map(Number);
  const cols = t.shape[1];
  return Array.from({ length: t.shape[0] }, (_, i) => data.slice(i * cols, (i + 1) * cols));
}

/** Expects |a − b| ≤ rtol·scale, scale = max(|b|, tiny). */
export function close(a: number | null | string, b: number, rtol = 1e-9): boolean {
  const x = Number(a);
  return Math.abs(x - b) <= rtol * Math.max(Math.abs(b), 1e-300);
}
