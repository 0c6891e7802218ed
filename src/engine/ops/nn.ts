// Fused neural-network primitives (convolution, pooling), kept in the table for speed.
import type { OpDef } from "./opDef";

export const nnOps = {} satisfies Record<string, OpDef<never>>;
