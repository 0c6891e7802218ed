// A model that produces a NaN: the log of a negative number.
// What to look for: the anomaly section names the first op that produced a NaN — `log`, in the
// forward pass — at the line marked below, and the run exits with code 1. Everything after it (the
// loss, the gradients) is NaN too; the first one is the place to fix. (Use softplus, or clamp the
// input, or take log(1 + exp(z)) to keep it positive.)
import { manualSeed, nn, randn } from "backprop-lens";

manualSeed(0);
const layer = new nn.Linear(4, 1);
const x = randn([6, 4]);

export default {
  model: layer,
  loss: () => {
    const z = layer.forward(x); // some of these are negative
    const logZ = z.log(); // ← NaN here: log of a negative number
    return logZ.mean();
  },
};
