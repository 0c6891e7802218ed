// The lecture's first worked example: f(x, y) = x² + xy + (x + y)², as the graph
//   a = x², b = x·y, c = x + y, d = a + b, e = c², f = d + e.
// What to look for: x feeds three nodes (a, b and c), so its gradient is the sum of three paths:
//   ∂f/∂x = 2x + y + 2(x + y) = 6 + (−2) + 2 = 6   and   ∂f/∂y = x + 2(x + y) = 3 + 2 = 5   at x = 3, y = −2.
// The trace shows those values on the parameters, and the finite-difference check agrees with them.
import { param } from "backprop-lens";

const x = param(3);
const y = param(-2);

export default () => {
  const a = x.mul(x);
  const b = x.mul(y);
  const c = x.add(y);
  const d = a.add(b);
  const e = c.pow(2);
  const f = d.add(e);
  return f;
};
