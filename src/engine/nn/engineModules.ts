// Marks the engine's module classes as engine code, so the tracer can locate the ops of a call into
// one of them once per call rather than once per op (see hasEngineBody in module.ts).
import { ELU, Flatten, GELU, Identity, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh } from "./activations";
import { MultiheadAttention } from "./attention";
import { ModuleList, Sequential } from "./containers";
import { Conv1d, Conv2d } from "./conv";
import { Dropout } from "./dropout";
import { Embedding } from "./embedding";
import { Linear } from "./linear";
import { markEngineModule } from "./module";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "./norm";
import { AvgPool2d, MaxPool2d } from "./pooling";
import { GRU, LSTM, RNN } from "./recurrent";
import { GRUCell, LSTMCell, RNNCell } from "./recurrentCell";
import { TransformerEncoder, TransformerEncoderLayer } from "./transformer";

/** Every module class the engine defines (a test checks this list against the `nn` namespace). */
export const ENGINE_MODULES = [
  ReLU, Tanh, Sigmoid, GELU, LeakyReLU, ELU, SiLU, Softplus, Softmax, LogSoftmax, Flatten, Identity,
  MultiheadAttention, Sequential, ModuleList, Conv1d, Conv2d, Dropout, Embedding, Linear,
  LayerNorm, BatchNorm1d, BatchNorm2d, MaxPool2d, AvgPool2d, RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell,
  TransformerEncoderLayer, TransformerEncoder,
] as const;

for (const cls of ENGINE_MODULES) markEngineModule(cls);
