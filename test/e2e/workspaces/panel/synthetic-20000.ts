// A synthetic graph of about 20,000 nodes: 2,500 small elementwise blocks of eight nodes each (a scalar operand is a node too), chained.
// It exists to show how the gradient panel copes with a trace too large to draw at once, not to model anything.
import { manualSeed, param, randn } from "backprop-lens";

manualSeed(0);
const w = param(randn([4]));
const blocks = 2500;

export default () => {
  let h = w;
  for (let i = 0; i < blocks; i++) h = h.mul(0.999).tanh().add(h.mul(0.001)).mul(1.0);
  return h.sum();
};
