// A deep ReLU MLP whose weights start far too large: the gradients explode.
// What to look for: every Linear layer's weights are drawn from N(0, 1) instead of PyTorch's
// U(−1/√16, 1/√16), so each layer multiplies the signal (and, backward, the gradient) by about
// √16·1/√2 ≈ 2.8. Over 8 layers that is ~4000×: the layer table's bars grow towards the input, the
// first layers are flagged `exploding`, and the loss itself is huge. The remedy is a sensible
// initialisation (delete the nn.init.normal line, or use nn.init.kaimingNormal).
import { manualSeed, nn, randn } from "backprop-lens";

manualSeed(0);
const depth = 8;
const width = 16;
const layers: nn.TensorModule[] = [];
for (let i = 0; i < depth; i++) {
  const linear = new nn.Linear(width, width);
  nn.init.normal(linear.weight, 0, 1.0); // far too large: std 1 instead of ~1/√16
  layers.push(linear, new nn.ReLU());
}
const model = new nn.Sequential(...layers, new nn.Linear(width, 1));

const x = randn([8, width]);
const y = randn([8, 1]);

export default {
  model,
  loss: () => nn.functional.mseLoss(model.forward(x), y),
};
