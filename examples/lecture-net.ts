// The lecture's scalar network: ŷ = w3·σ(w2·σ(w1·x + b1) + b2) + b3, with the loss L = (y − ŷ)².
// As a graph: f1 = w1·x + b1, h1 = σ(f1), f2 = w2·h1 + b2, h2 = σ(f2), f3 = w3·h2 + b3, L = (f3 − y)².
// What to look for: backward multiplies one local derivative per node,
//   ∂L/∂f1 = 2(f3 − y) · w3 · σ′(f2) · w2 · σ′(f1),
// and σ′ ≤ 1/4, so every sigmoid shrinks the gradient: ‖∂L/∂w1‖ is smaller than ‖∂L/∂w3‖. This is the
// seed of vanishing gradients (see vanishing-sigmoid.ts for 20 layers of it).
import { param, tensor } from "backprop-lens";

const x = tensor(1.5);
const y = tensor(0.5);

const w1 = param(0.8);
const b1 = param(-0.1);
const w2 = param(-1.2);
const b2 = param(0.3);
const w3 = param(2.0);
const b3 = param(0.1);

export default () => {
  const f1 = w1.mul(x).add(b1);
  const h1 = f1.sigmoid();
  const f2 = w2.mul(h1).add(b2);
  const h2 = f2.sigmoid();
  const f3 = w3.mul(h2).add(b3);
  const L = f3.sub(y).pow(2);
  return L;
};
