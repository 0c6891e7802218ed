// One transformer encoder block (multi-head self-attention + feed-forward, each with a residual
// connection and LayerNorm) over a sequence of 5 tokens, mean-pooled into a 2-class classifier.
// What to look for: the residual connections carry the gradient around attention and the
// feed-forward block, so the embedding-side layers get gradients as large as the head's; LayerNorm
// and attention appear as their own layers. The checks pass.
import { Tensor, manualSeed, nn, randn, tensor } from "backprop-lens";

manualSeed(0);

class TinyClassifier extends nn.Module {
  embed = new nn.Linear(4, 8);
  block = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true });
  head = new nn.Linear(8, 2);

  forward(tokens: Tensor): Tensor {
    const h = this.block.forward(this.embed.forward(tokens)); // [N, T, 8]
    return this.head.forward(h.mean(1)); // average over the tokens: [N, 2]
  }
}

const model = new TinyClassifier();
const tokens = randn([3, 5, 4]); // 3 sequences of 5 tokens with 4 features
const labels = tensor([0, 1, 1], { dtype: "int64" });

export default {
  model,
  loss: () => nn.functional.crossEntropy(model.forward(tokens), labels),
};
