// The model file "New Example Model" writes: a small MLP that traces healthy, with what to try next.

/** Base name of the starter file; a number is added when taken (backprop-model-2.ts, …). */
export const STARTER_NAME = "backprop-model";

/** The starter model's text. */
export const STARTER_MODEL = `// A starter model for Backprop Lens: an MLP classifier, 4 features → 8 hidden units (tanh) → 3 classes.
// Hover over \`new nn.Linear(4, 8)\` or \`model\` to see gradients; save the file to trace it again.
// Things to try:
//  - swap nn.Tanh for nn.Sigmoid and stack ten more layers: the first layers' gradients vanish;
//  - multiply the input by 1000 (randn([16, 4]).mul(1000)): the tanh units saturate.
import { manualSeed, nn, optim, randn, tensor } from "backprop-lens";

manualSeed(0);
const model = new nn.Sequential(
  new nn.Linear(4, 8),
  new nn.Tanh(),
  new nn.Linear(8, 3),
);
const x = randn([16, 4]);
const y = tensor([0, 2, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { dtype: "int64" });

export default {
  model,
  loss: () => nn.functional.crossEntropy(model.forward(x), y),
  optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
  steps: 20,
};
`;

/** The first free name: backprop-model.ts, then backprop-model-2.ts, … (`taken` says whether a name exists). */
export function starterFileName(taken: (name: string) => boolean, ext = ".ts"): string {
  for (let i = 1; ; i++) {
    const name = `${STARTER_NAME}${i === 1 ? "" : `-${i}`}${ext}`;
    if (!taken(name)) return name;
  }
}
