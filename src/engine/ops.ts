// The op table: every primitive with a gradient, in one record keyed by op name. Everything else in
// the engine (functional.ts, nn/) is composed from these and has no backward code of its own.
import { type NoAttrs, type OpDef, runOp } from "./ops/opDef";
import { pointwiseOps } from "./ops/pointwise";
import { reduceOps } from "./ops/reduce";
import { layoutOps } from "./ops/layout";
import { linalgOps } from "./ops/linalg";
import { nnOps } from "./ops/nn";
import type { Tensor } from "./tensor";

/** The op table. */
export const ops = {
  ...pointwiseOps,
  ...reduceOps,
  ...layoutOps,
  ...linalgOps,
  ...nnOps,
};

/** Name of a primitive op. */
export type OpName = keyof typeof ops;

/** The attributes an op takes. */
export type AttrsOf<K extends OpName> = Parameters<(typeof ops)[K]["forward"]>[1] extends infer A ? (undefined extends A ? NoAttrs : A) : never;

// Every row must be an OpDef (checked here, not in each fragment, so attrs types are inferred per row).
const _rowsAreOpDefs: Record<string, OpDef<never>> = ops;

/** Runs primitive `name` on inputs, recording it in the graph when gradients are on. */
export function apply<K extends OpName>(name: K, inputs: readonly Tensor[], attrs: AttrsOf<K>): Tensor {
  return runOp(name, ops[name] as OpDef<AttrsOf<K>>, inputs, attrs);
}
