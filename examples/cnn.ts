// A small convolutional network on 8×8 one-channel images: two conv layers, ReLU, max pooling and a
// linear classifier over 3 classes.
// What to look for: the conv layers appear in the layer table with their gradient norms; the
// dead-relu column shows how many ReLU units never fire on this batch; the checks pass (steps that
// cross a ReLU or max-pool switch point are reported as kinks, not failures).
import { manualSeed, nn, randint, randn } from "backprop-lens";

manualSeed(0);
const model = new nn.Sequential(
  new nn.Conv2d(1, 4, 3, { padding: 1 }), // [N, 4, 8, 8]
  new nn.ReLU(),
  new nn.MaxPool2d(2), // [N, 4, 4, 4]
  new nn.Conv2d(4, 8, 3), // [N, 8, 2, 2]
  new nn.ReLU(),
  new nn.Flatten(), // [N, 32]
  new nn.Linear(32, 3),
);
const images = randn([4, 1, 8, 8]);
const labels = randint(0, 3, [4]);

export default {
  model,
  loss: () => nn.functional.crossEntropy(model.forward(images), labels),
};
