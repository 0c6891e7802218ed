// The public API: what model files get from `import … from "backprop-lens"`.
// NOTE: the one re-exporting module in the project — it is the package's surface, not a barrel for our own code.
import * as nnNamespace from "./engine/nn/public";
import { markEngineModules } from "./engine/nn/module";
export { Tensor } from "./engine/tensor";
export type { DType, NestedArray, TensorLike } from "./engine/tensor";
export { tensor, scalar, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, randn, rand, randint, param } from "./engine/creation";
export type { CreateOptions } from "./engine/creation";
export { manualSeed, initialSeed } from "./engine/random";
export { noGrad, isGradEnabled } from "./engine/autograd";
export { customOp } from "./engine/customOp";
export type { CustomOpSpec } from "./engine/customOp";
export { ShapeError } from "./engine/shape";
export {
  add, sub, mul, div, pow, maximum, minimum, neg, exp, log, sqrt, abs, tanh, sigmoid, relu, leakyRelu, gelu, softplus, elu, silu,
  clamp, gt, lt, ge, le, eq, ne, where, maskedFill, sum, mean, max, min, argmax, argmin, logsumexp, variance as var, std,
  softmax, logSoftmax, matmul,
} from "./engine/functional";
export { reshape, permute, transpose, squeeze, unsqueeze, flatten, expand, slice, select, gather, indexSelect, concat, concat as cat, stack, clone } from "./engine/shapeFns";
export * as nn from "./engine/nn/public";
// The nn classes are the engine's own: the tracer locates a call into one of them once, not per op.
markEngineModules(Object.values(nnNamespace));
export * as optim from "./engine/optim/public";
