// nn.Embedding: a lookup table of learned vectors, N(0, 1) initialised as in PyTorch.
import type { Tensor } from "../tensor";
import { normal } from "./init";
import { embedding } from "./layerFunctional";
import { checkSize } from "./linear";
import { Module } from "./module";
import { newParameter } from "./parameter";

/** Options of Embedding. */
export interface EmbeddingOptions {
  /** This row starts at zero and gets no gradient (a padding token). */
  paddingIdx?: number | null;
}

/** Maps integer indices [...] to rows of weight [numEmbeddings, embeddingDim]: output [..., embeddingDim]. */
export class Embedding extends Module {
  weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    { paddingIdx = null }: EmbeddingOptions = {},
  ) {
    super();
    checkSize("Embedding", "num_embeddings", numEmbeddings);
    checkSize("Embedding", "embedding_dim", embeddingDim);
    if (paddingIdx !== null && (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)) {
      throw new RangeError(`Embedding: padding_idx ${paddingIdx} must be within [${-numEmbeddings}, ${numEmbeddings})`);
    }
    this.paddingIdx = paddingIdx === null || paddingIdx >= 0 ? paddingIdx : paddingIdx + numEmbeddings;
    this.weight = normal(newParameter([numEmbeddings, embeddingDim]));
    if (this.paddingIdx !== null) this.weight.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
  }

  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx);
  }
}
