// An autoencoder: 8 inputs squeezed through a 3-unit bottleneck and reconstructed, trained with Adam.
// What to look for: the loss is the reconstruction error against the input itself (no labels); the
// encoder and decoder layers both get healthy gradients; over the 40 training steps the history shows
// the reconstruction error falling. The checks pass.
import { manualSeed, nn, optim, randn } from "backprop-lens";

manualSeed(0);
const encoder = new nn.Sequential(new nn.Linear(8, 6), new nn.Tanh(), new nn.Linear(6, 3));
const decoder = new nn.Sequential(new nn.Linear(3, 6), new nn.Tanh(), new nn.Linear(6, 8));
const model = new nn.Sequential({ encoder, decoder });
const x = randn([10, 8]);

export default {
  model,
  loss: () => nn.functional.mseLoss(model.forward(x), x),
  optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }),
  steps: 40,
};
