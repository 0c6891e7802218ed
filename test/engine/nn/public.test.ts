import { describe, expect, test } from "vitest";
import { manualSeed, nn, randn, tensor } from "backprop-lens";

describe("the nn namespace", () => {
  test("exports the modules, nn.init and nn.functional", () => {
    for (const name of [
      "Module", "Linear", "Conv1d", "Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "Embedding", "Dropout",
      "RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder",
      "Sequential", "ModuleList", "Flatten", "Identity", "ReLU", "Tanh", "Sigmoid", "GELU", "LeakyReLU", "ELU", "SiLU", "Softplus", "Softmax", "LogSoftmax",
    ]) expect(typeof (nn as unknown as Record<string, unknown>)[name], name).toBe("function");
    for (const name of ["kaimingUniform", "kaimingNormal", "xavierUniform", "xavierNormal", "uniform", "normal", "zeros", "ones", "constant", "calculateGain"]) {
      expect(typeof (nn.init as unknown as Record<string, unknown>)[name], name).toBe("function");
    }
    for (const name of [
      "relu", "sigmoid", "tanh", "gelu", "leakyRelu", "softplus", "elu", "silu", "softmax", "logSoftmax",
      "linear", "layerNorm", "batchNorm", "dropout", "embedding", "rnnCell", "lstmCell", "gruCell", "scaledDotProductAttention", "causalMask",
      "conv1d", "conv2d", "maxPool2d", "avgPool2d",
      "mseLoss", "l1Loss", "huberLoss", "crossEntropy", "nllLoss", "binaryCrossEntropy", "bceWithLogits",
    ]) expect(typeof (nn.functional as unknown as Record<string, unknown>)[name], name).toBe("function");
  });

  test("the design document's model file runs: same seed, same loss", () => {
    const run = (): number => {
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
      const x = randn([16, 4]);
      const y = tensor([0, 2, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
      const loss = nn.functional.crossEntropy(model.forward(x), y);
      loss.backward();
      expect(model.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
      expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
      return loss.item();
    };
    expect(run()).toBe(run());
  });
});
