// User-defined ops with their own backward (as torch.autograd.Function): the gradient checker tests
// user-written backward code through these.
import { ShapeError, fmt } from "./shape";
import { noGrad } from "./autograd";
import { type OpDef, runOp } from "./ops/opDef";
import { Tensor } from "./tensor";

/** A custom op: forward computes the output from inputs; backward returns dL/d(input) per input (null = none). */
export interface CustomOpSpec {
  forward(...inputs: Tensor[]): Tensor;
  backward(grad: Tensor, inputs: readonly Tensor[], output: Tensor): readonly (Tensor | null)[];
}

/** Registers a named op with a user-written backward; returns the function that applies it. */
export function customOp(name: string, spec: CustomOpSpec): (...inputs: Tensor[]) => Tensor {
  const def: OpDef<{ custom: true }> = {
    forward: (x) => {
      const out = userCode(name, "forward", () => noGrad(() => spec.forward(...x)));
      if (!(out instanceof Tensor)) throw new ShapeError(name, `custom forward must return a Tensor, got ${typeof out}`);
      return out.withData(out.data, out.shape, out.dtype);
    },
    backward: (g, x, y) => {
      const grads = userCode(name, "backward", () => spec.backward(g, x, y));
      if (!Array.isArray(grads) || grads.length !== x.length) {
        throw new ShapeError(name, `custom backward must return ${x.length} gradient(s) (one per input, null for none), got ${Array.isArray(grads) ? grads.length : typeof grads}`);
      }
      grads.forEach((gi, i) => {
        if (gi !== null && !(gi instanceof Tensor)) throw new ShapeError(name, `custom backward returned ${typeof gi} for input ${i}; expected a Tensor or null`);
        if (gi !== null && gi.numel !== x[i].numel && gi.numel !== y.numel) {
          throw new ShapeError(name, `custom backward returned a gradient of shape ${fmt(gi.shape)} for input ${i} of shape ${fmt(x[i].shape)}`);
        }
      });
      return grads;
    },
  };
  return (...inputs) => runOp(name, def, inputs, { custom: true });
}

/** Runs user code, prefixing anything it throws with the op's name (the cause is kept for its stack). */
function userCode<T>(name: string, phase: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ShapeError && e.op === name) throw e;
    throw new Error(`${name}: custom ${phase} threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
