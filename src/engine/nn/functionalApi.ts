// nn.functional as users see it: activations and math from functional.ts, the layers' functional
// forms, convolution and pooling, and the losses. Part of the public surface (re-exported by public.ts).
export { relu, sigmoid, tanh, gelu, leakyRelu, softplus, elu, silu, softmax, logSoftmax } from "../functional";
export {
  linear, layerNorm, batchNorm, dropout, embedding, rnnCell, lstmCell, gruCell, attention, causalMask, scaledDotProductAttention,
} from "./layerFunctional";
export type { BatchNormOptions, AttentionOptions, SdpaOptions } from "./layerFunctional";
export { conv1d, conv2d, maxPool2d, avgPool2d } from "./convFunctional";
export type { IntOrPair, Conv1dOptions, Conv2dOptions, MaxPool2dOptions, AvgPool2dOptions } from "./convFunctional";
export { mseLoss, l1Loss, huberLoss, crossEntropy, nllLoss, binaryCrossEntropy, bceWithLogits } from "./losses";
export type { Reduction, LossOptions, HuberOptions, NllOptions, CrossEntropyOptions, BceOptions, BceWithLogitsOptions } from "./losses";
