// An LSTM reading a sequence of 6 steps, then a linear layer predicting one number from its last
// hidden state (a regression on the sequence).
// What to look for: backward runs through time, from the last step to the first; the LSTM's gates and
// additive cell state keep the gradient from vanishing over the steps, which a plain sigmoid stack
// (vanishing-sigmoid.ts) cannot. The layer table shows the LSTM's and the head's gradient norms of
// similar size; the checks pass.
import { Tensor, manualSeed, nn, optim, randn } from "backprop-lens";

manualSeed(0);

class SequenceRegressor extends nn.Module {
  lstm = new nn.LSTM(3, 6, { batchFirst: true });
  head = new nn.Linear(6, 1);

  forward(x: Tensor): Tensor {
    const [outputs] = this.lstm.forward(x); // [N, T, 6]
    const last = outputs.select(1, outputs.shape[1] - 1); // [N, 6]: the hidden state after the last step
    return this.head.forward(last);
  }
}

const model = new SequenceRegressor();
const x = randn([2, 6, 3]); // 2 sequences, 6 steps, 3 features
const y = randn([2, 1]);

export default {
  model,
  loss: () => nn.functional.mseLoss(model.forward(x), y),
  optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }),
  steps: 20,
};
