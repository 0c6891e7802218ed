// A custom op whose hand-written backward is wrong — the bug the gradient check exists to catch.
// `cube` computes x³, but its backward returns g·x² instead of g·3x² (the factor 3 is missing).
// What to look for: the check of layer.weight and layer.bias FAILS, with analytic values a third of
// the numeric ones, and the report names the op to blame: the custom op `cube`, at its line below.
// Fix the backward (g.mul(x.pow(2)).mul(3)) and trace again: every check passes.
import { customOp, manualSeed, nn, randn } from "backprop-lens";

const cube = customOp("cube", {
  forward: (x) => x.pow(3),
  backward: (g, [x]) => [g.mul(x.pow(2))], // BUG: d(x³)/dx is 3x², not x²
});

manualSeed(0);
const layer = new nn.Linear(3, 2);
const x = randn([4, 3]);

export default {
  model: layer,
  loss: () => cube(layer.forward(x)).mean(),
};
