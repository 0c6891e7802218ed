// How modules make their tensors: parameters are grad-requiring leaves (reported to the tracer's
// onLeaf observer like param()), buffers are leaves without grad. Both are filled in place by nn.init.
import { numelOf } from "../shape";
import { Tensor } from "../tensor";
import { calculateFanInAndFanOut, kaimingUniform, uniform } from "./init";

/** A zero-filled trainable leaf of `shape`, to be filled by an initialiser. */
export function newParameter(shape: readonly number[], fillValue = 0): Tensor {
  return Tensor.leaf(new Float64Array(numelOf(shape)).fill(fillValue), shape, { requiresGrad: true });
}

/** A non-trainable leaf (running statistics and the like), filled with `fillValue`. */
export function newBuffer(shape: readonly number[], fillValue = 0, dtype: Tensor["dtype"] = "float64"): Tensor {
  return Tensor.leaf(new Float64Array(numelOf(shape)).fill(fillValue), shape, { dtype });
}

/**
 * PyTorch's default for Linear and Conv: kaiming_uniform_(a=√5) on the weight, i.e. U(−1/√fan_in, 1/√fan_in),
 * and the bias from the same bound. Weight first, then bias, as PyTorch draws them.
 */
export function resetLinearLike(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform(weight, { a: Math.sqrt(5) });
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, -bound, bound);
  }
}
