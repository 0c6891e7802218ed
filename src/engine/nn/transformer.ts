// nn.TransformerEncoderLayer and nn.TransformerEncoder, with PyTorch's submodule names
// (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2) and post-/pre-norm.
import type { Tensor } from "../tensor";
import * as F from "../functional";
import { MultiheadAttention } from "./attention";
import { ModuleList } from "./containers";
import { Dropout } from "./dropout";
import { Linear, checkSize } from "./linear";
import { Module, callsUserCode } from "./module";
import { LayerNorm } from "./norm";

/** Options of TransformerEncoderLayer (torch defaults; batchFirst false means [S, N, E] inputs). */
export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: "relu" | "gelu" | ((x: Tensor) => Tensor);
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Pre-norm (x + f(norm(x))) instead of post-norm (norm(x + f(x))). */
  normFirst?: boolean;
  bias?: boolean;
}

/** Options of TransformerEncoderLayer.forward (PyTorch's src_mask, src_key_padding_mask, is_causal). */
export interface EncoderLayerForwardOptions {
  /** [S, S] or [N·heads, S, S]: bool true where a position may NOT attend, or float added to the scores. */
  srcMask?: Tensor | null;
  /** [N, S] (or [S] unbatched): true for padding positions to ignore. */
  srcKeyPaddingMask?: Tensor | null;
  /** Causal self-attention. */
  isCausal?: boolean;
}

/** Options of TransformerEncoder.forward (PyTorch's mask, src_key_padding_mask, is_causal). */
export interface EncoderForwardOptions {
  /** Passed to every layer as its srcMask. */
  mask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

/** Self-attention then a feed-forward block, each with dropout, a residual connection and LayerNorm. */
export class TransformerEncoderLayer extends Module {
  // snake_case on purpose: PyTorch's submodule names, so namedParameters() matches its state-dict paths.
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  /** The options this layer was built with (TransformerEncoder copies the layer from them). */
  readonly config: Required<TransformerEncoderLayerOptions>;

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    opts: TransformerEncoderLayerOptions = {},
  ) {
    super();
    const { dimFeedforward = 2048, dropout = 0.1, activation = "relu", layerNormEps = 1e-5, batchFirst = false, normFirst = false, bias = true } = opts;
    checkSize("TransformerEncoderLayer", "dim_feedforward", dimFeedforward);
    this.config = { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias };
    if (typeof activation === "function") callsUserCode(this);
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout, batchFirst, bias });
    this.linear1 = new Linear(dModel, dimFeedforward, { bias });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFeedforward, dModel, { bias });
    this.norm1 = new LayerNorm(dModel, { eps: layerNormEps, bias });
    this.norm2 = new LayerNorm(dModel, { eps: layerNormEps, bias });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
  }

  private activate(x: Tensor): Tensor {
    const a = this.config.activation;
    return a === "relu" ? F.relu(x) : a === "gelu" ? F.gelu(x) : a(x);
  }

  private selfAttention(x: Tensor, opts: EncoderLayerForwardOptions): Tensor {
    const [y] = this.self_attn.forward(x, x, x, { attnMask: opts.srcMask, keyPaddingMask: opts.srcKeyPaddingMask, isCausal: opts.isCausal, needWeights: false });
    return this.dropout1.forward(y);
  }

  private feedForward(x: Tensor): Tensor {
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.activate(this.linear1.forward(x)))));
  }

  /** src [S, N, E] (or [N, S, E] with batchFirst, or [S, E] unbatched). */
  forward(src: Tensor, opts: EncoderLayerForwardOptions = {}): Tensor {
    if (this.config.normFirst) {
      const x = src.add(this.selfAttention(this.norm1.forward(src), opts));
      return x.add(this.feedForward(this.norm2.forward(x)));
    }
    const x = this.norm1.forward(src.add(this.selfAttention(src, opts)));
    return this.norm2.forward(x.add(this.feedForward(x)));
  }
}

/** Options of TransformerEncoder. */
export interface TransformerEncoderOptions {
  /** A final normalisation (e.g. a LayerNorm) after the last layer. */
  norm?: (Module & { forward(x: Tensor): Tensor }) | null;
}

/** numLayers copies of an encoder layer (same starting weights, as PyTorch's deep copies), applied in turn. */
export class TransformerEncoder extends Module {
  layers: ModuleList<TransformerEncoderLayer>;
  norm: (Module & { forward(x: Tensor): Tensor }) | null;

  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, { norm = null }: TransformerEncoderOptions = {}) {
    super();
    checkSize("TransformerEncoder", "num_layers", numLayers);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => copyLayer(encoderLayer)));
    this.norm = norm;
  }

  /** src [S, N, E] (or [N, S, E] with batchFirst, or [S, E] unbatched). */
  forward(src: Tensor, opts: EncoderForwardOptions = {}): Tensor {
    let x = src;
    const { mask = null, srcKeyPaddingMask = null, isCausal = false } = opts;
    for (const layer of this.layers) x = layer.forward(x, { srcMask: mask, srcKeyPaddingMask, isCausal });
    return this.norm === null ? x : this.norm.forward(x);
  }
}

/** A new layer with the same options and a copy of every parameter's values. */
function copyLayer(layer: TransformerEncoderLayer): TransformerEncoderLayer {
  const copy = new TransformerEncoderLayer(layer.dModel, layer.nhead, layer.config);
  const src = layer.parameters();
  copy.parameters().forEach((p, i) => p.data.set(src[i].data));
  return copy.train(layer.training);
}
