// The model spec (the model file's default export) and one forward evaluation of its loss.
import { initialSeed, manualSeed } from "../engine/random";
import { Module } from "../engine/nn/module";
import { Tensor } from "../engine/tensor";
import { fmt } from "../engine/shape";

/** An optimizer as the tracer needs it (optim.Optimizer fits; paramGroups lets the tracer find its params). */
export interface OptimizerLike {
  step(): unknown;
  zeroGrad(): void;
  paramGroups?: readonly { params: readonly Tensor[] }[];
}

/** What a model file default-exports: the loss function, or an object with it. */
export type ModelSpec =
  | (() => Tensor)
  | { loss: () => Tensor; model?: Module; optimizer?: OptimizerLike; steps?: number };

/** A validated spec. */
export interface Spec {
  loss: () => Tensor;
  model: Module | undefined;
  optimizer: OptimizerLike | undefined;
  steps: number;
}

/** Checks the shape of a spec and fills in defaults; throws a TypeError naming what is wrong. */
export function normalizeSpec(spec: unknown): Spec {
  if (typeof spec === "function") return { loss: spec as () => Tensor, model: undefined, optimizer: undefined, steps: 0 };
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`model spec: the default export must be a function returning the loss, or an object { loss, model?, optimizer?, steps? }; got ${spec === null ? "null" : typeof spec}`);
  }
  const s = spec as Record<string, unknown>;
  if (typeof s.loss !== "function") throw new TypeError(`model spec: \`loss\` must be a function returning the scalar loss tensor; got ${typeof s.loss}`);
  if (s.model !== undefined && !(s.model instanceof Module)) throw new TypeError("model spec: `model` must be an nn.Module (a class extending nn.Module)");
  const opt = s.optimizer as Record<string, unknown> | undefined;
  if (opt !== undefined && (typeof opt !== "object" || opt === null || typeof opt.step !== "function" || typeof opt.zeroGrad !== "function")) {
    throw new TypeError("model spec: `optimizer` must have step() and zeroGrad() (e.g. new optim.SGD(model.parameters(), { lr: 0.1 }))");
  }
  const steps = s.steps ?? 0;
  if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 0) throw new TypeError(`model spec: \`steps\` must be a non-negative integer; got ${String(steps)}`);
  return { loss: s.loss as () => Tensor, model: s.model as Module | undefined, optimizer: opt as OptimizerLike | undefined, steps };
}

/** The seed forward passes reset to: the option, else the one the model file last gave manualSeed. */
export function seedFor(option: number | null): number {
  return option ?? initialSeed();
}

/** Resets the generator and calls the loss; throws unless the result is a one-element tensor. */
export function runLoss(spec: Spec, seed: number): Tensor {
  manualSeed(seed);
  const out: unknown = spec.loss();
  if (!(out instanceof Tensor)) {
    throw new TypeError(`model spec: loss() must return a Tensor (the scalar loss); it returned ${out === null ? "null" : typeof out}`);
  }
  if (out.numel !== 1) {
    throw new TypeError(`model spec: loss() must return a scalar (one element); it returned a tensor of shape ${fmt(out.shape)} — reduce it, e.g. with .mean() or .sum()`);
  }
  return out;
}

/** The optimizer's parameters, when it exposes them as paramGroups. */
export function optimizerParams(opt: OptimizerLike | undefined): Tensor[] {
  const groups = opt?.paramGroups;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: { params?: unknown }) => (Array.isArray(g.params) ? g.params.filter((p): p is Tensor => p instanceof Tensor) : []));
}
