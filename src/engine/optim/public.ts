// The `optim` namespace users import: optimizers and gradient clipping.
export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamGroupSpec, ParamsArg } from "./optimizer";
export { SGD } from "./sgd";
export type { SGDOptions, SGDState } from "./sgd";
export { Adam, AdamW } from "./adam";
export type { AdamOptions, AdamState } from "./adam";
export { RMSprop } from "./rmsprop";
export type { RMSpropOptions, RMSpropState } from "./rmsprop";
export { clipGradNorm } from "./clipGrad";
export type { ClipGradNormOptions } from "./clipGrad";
