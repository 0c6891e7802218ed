// A small MLP classifier: 4 features → 8 hidden units (tanh) → 3 classes, cross-entropy loss, trained
// for 50 steps of SGD.
// What to look for: healthy gradients — the layer table shows norms of the same order in both Linear
// layers and no flags; every check passes; the loss falls over the training history.
import { manualSeed, nn, optim, randn, tensor } from "backprop-lens";

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
const x = randn([16, 4]);
const y = tensor([0, 2, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { dtype: "int64" });

export default {
  model,
  loss: () => nn.functional.crossEntropy(model.forward(x), y),
  optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
  steps: 50,
};
