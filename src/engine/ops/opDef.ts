// The shape of one row of the op table, and the dispatcher that runs a row and records the graph.
import { isGradEnabled, notifyOp } from "../autograd";
import { Tensor } from "../tensor";

/** Gradients, one per input, null where an input gets none. */
export type Grads = readonly (Tensor | null)[];

/**
 * One primitive: its forward (raw values, no graph) and its backward.
 * Conventions (as PyTorch's derivatives.yaml header): `g` is dL/d(output), `x` the inputs, `y` the
 * output. backward may return a gradient of the output's (broadcast) shape: the walker sums it
 * back down to each input's shape. Backward runs with grad recording off.
 */
export interface OpDef<A> {
  forward(x: readonly Tensor[], attrs: A): Tensor;
  backward(g: Tensor, x: readonly Tensor[], y: Tensor, attrs: A): Grads;
}

/** No attributes. */
export type NoAttrs = Record<string, never>;

/** Runs an op definition on inputs: computes the output, and when recording, links it into the graph. */
export function runOp<A>(name: string, def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  const raw = def.forward(inputs, attrs);
  if (!isGradEnabled()) return raw;
  const needsGrad = inputs.some((t) => t.requiresGrad);
  const out: Tensor = new Tensor(raw.data, raw.shape, raw.dtype, {
    op: name,
    parents: inputs,
    backward: needsGrad ? (g) => def.backward(g, inputs, out, attrs) : null,
    attrs: attrs as Record<string, unknown>,
  });
  notifyOp(out);
  return out;
}

/** A plain (graph-free) tensor holding `data` in `shape`. */
export function raw(data: Float64Array, shape: readonly number[], dtype: Tensor["dtype"] = "float64"): Tensor {
  return new Tensor(data, shape, dtype);
}
