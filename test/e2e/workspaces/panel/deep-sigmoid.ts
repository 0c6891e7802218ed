// A 20-layer MLP with sigmoid activations: the gradients vanish.
// What to look for: the layer table's log-scale bars shrink layer by layer towards the input — each
// sigmoid multiplies the gradient by σ′ ≤ 1/4 (and each weight matrix by ~1/√8 here) — and the first
// layers are flagged `vanishing`. The checks still pass: the gradients are tiny but correct.
// Try replacing nn.Sigmoid with nn.ReLU (and compare), or see lstm.ts for the recurrent remedy.
import { manualSeed, nn, randn } from "backprop-lens";

manualSeed(0);
const depth = 20;
const width = 8;
const layers: nn.TensorModule[] = [];
for (let i = 0; i < depth; i++) layers.push(new nn.Linear(width, width), new nn.Sigmoid());
const model = new nn.Sequential(...layers, new nn.Linear(width, 1));

const x = randn([8, width]);
const y = randn([8, 1]);

export default {
  model,
  loss: () => nn.functional.mseLoss(model.forward(x), y),
};
