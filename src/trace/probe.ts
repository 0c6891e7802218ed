// Forward evaluations for finite differences. A plain evaluation runs under noGrad with no observer.
// A probed one watches the ops as they run: it can nudge the output of the k-th op (to difference the
// loss with respect to an intermediate value), and it records on which side of its switch point every
// relu / abs / max / min / clamp / comparison input lies, so two runs can tell whether a step crossed
// a kink.
import { type EngineObserver, noGrad, setObserver } from "../engine/autograd";
import { broadcastTo, mapBinary, reducedShape } from "../engine/kernels/elementwise";
import type { Tensor } from "../engine/tensor";
import { type Spec, runLoss } from "./spec";

/** A nudge of the k-th op output (k counts op outputs in the pass, as the capture does). */
export interface Nudge {
  seq: number;
  dir: Float64Array;
  step: number;
}

/** Records, per op, which side of its kink every element is on; a second run compares. */
export class KinkTracker {
  private readonly first = new Map<number, ArrayLike<number>>();
  private recording = true;
  /** Op sequence number of the first op whose sides differ between the two runs. */
  crossed: number | null = null;

  /** Switches from recording (first run) to comparing (second run). */
  compareNext(): void {
    this.recording = false;
  }

  see(seq: number, out: Tensor): void {
    const sig = sides(out);
    if (sig === null) return;
    if (this.recording) {
      this.first.set(seq, sig);
      return;
    }
    if (this.crossed !== null) return;
    const a = this.first.get(seq);
    if (a === undefined || a.length !== sig.length) {
      this.crossed = seq;
      return;
    }
    for (let i = 0; i < sig.length; i++) {
      if (a[i] !== sig[i]) {
        this.crossed = seq;
        return;
      }
    }
  }
}

/** The observer of a probed evaluation. */
class Probe implements EngineObserver {
  private seq = 0;
  nudged = false;

  constructor(
    private readonly nudge: Nudge | null,
    private readonly kinks: KinkTracker | null,
  ) {}

  onOp(out: Tensor): void {
    const k = this.seq++;
    const n = this.nudge;
    if (n !== null && k === n.seq && out.numel === n.dir.length) {
      // NOTE: a copy, since layout ops (reshape) share their input's storage.
      const d = out.data.slice();
      for (let i = 0; i < d.length; i++) d[i] += n.step * n.dir[i];
      out.data = d;
      this.nudged = true;
    }
    this.kinks?.see(k, out);
  }
}

/** L at the current parameter values (generator reset to `seed`), with no graph and no observer. */
export function evalLoss(spec: Spec, seed: number): number {
  return noGrad(() => runLoss(spec, seed).item());
}

/** L with an op output nudged and/or kink sides recorded; throws if the nudged op was not reached. */
export function evalProbed(spec: Spec, seed: number, nudge: Nudge | null, kinks: KinkTracker | null): number {
  const probe = new Probe(nudge, kinks);
  const prev = setObserver(probe);
  try {
    const v = runLoss(spec, seed).item();
    if (nudge !== null && !probe.nudged) throw new Error(`trace: the forward pass changed between runs (op ${nudge.seq} was not reached with the same shape)`);
    return v;
  } finally {
    setObserver(prev);
  }
}

/** Which side of its switch point each element is on, for ops with kinks; null for smooth ops. */
function sides(out: Tensor): ArrayLike<number> | null {
  const [x, y] = out.parents;
  switch (out.op) {
    case "relu":
    case "leakyRelu":
      return mapSign(x.data, (v) => (v > 0 ? 1 : 0));
    case "abs":
      return mapSign(x.data, (v) => (v > 0 ? 2 : v < 0 ? 0 : 1));
    case "clamp": {
      const lo = (out.attrs?.min as number | null) ?? -Infinity;
      const hi = (out.attrs?.max as number | null) ?? Infinity;
      return mapSign(x.data, (v) => (v < lo ? 0 : v > hi ? 2 : 1));
    }
    case "maximum":
    case "minimum":
      return mapBinary(x.data, x.shape, y.data, y.shape, out.shape, (a, b) => (a > b ? 2 : a < b ? 0 : 1));
    case "max":
    case "min": {
      const dims = (out.attrs?.dims as readonly number[] | undefined) ?? [];
      const at = broadcastTo(out.data, reducedShape(x.shape, dims, true), x.shape);
      return mapSign(x.data, (v, i) => (v === at[i] ? 1 : 0));
    }
    case "compare":
      return out.data;
    default:
      return null;
  }
}

function mapSign(data: Float64Array, f: (v: number, i: number) => number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i], i);
  return out;
}
