// What the runner gives the tracer: where the user's code is (source locations through source maps),
// progress reporting, and the model file's text. Also the leaf recording that must start before the
// model file is evaluated, because parameters are created at load time. In the worker:
//   const leaves = startLeafRecording(locate);
//   try { spec = loadModelFile() } finally { leaves.stop() }
//   const result = traceModel(spec, options, { locate, onProgress, userSource, userFile, leaves });
// The model file must run against this same engine instance (one autograd observer, one Tensor class).
import { type EngineObserver, getObserver, setObserver } from "../engine/autograd";
import type { Tensor } from "../engine/tensor";
import type { SourceLoc } from "../protocol";

/** Progress of a long trace (forward, backward, checks, history). */
export interface TraceProgress {
  phase: "trace" | "checks" | "history";
  done: number;
  total: number;
}

/** The runner's side of a trace. */
export interface TraceEnv {
  /**
   * The user's file:line:column of the current call stack (1-based, through source maps; never an
   * engine location), or null. Called at every op and leaf creation of the traced pass only.
   */
  locate(): SourceLoc | null;
  /** Called between phases and every few check evaluations / training steps. */
  onProgress?(p: TraceProgress): void;
  /** The model file's text, to find the variable names of free params and op results. */
  userSource?: string;
  /** The file userSource belongs to (as locate() names it); other files' locations are not scanned. */
  userFile?: string;
  /** Leaf creation sites recorded while the model file was evaluated (see startLeafRecording). */
  leaves?: LeafRecording;
}

/** Creation sites of the leaves (and op results) made while a recording ran. */
export interface LeafRecording {
  /** Where `t` was created, if it was created while recording. */
  locOf(t: Tensor): SourceLoc | null;
  /** Stops recording (restores the observer that was installed before); idempotent. */
  stop(): void;
}

/** Op results located while the model file loads, at most (a stack walk each, ~30 µs). */
export const MAX_LOAD_OPS = 2000;

/**
 * Starts recording where leaves (param(), tensor(), module parameters…) and the first MAX_LOAD_OPS op
 * results (`const x = randn([16, 4]).mul(3)`) are created. The runner calls it just before evaluating
 * the model file and passes the recording to traceModel as env.leaves.
 */
export function startLeafRecording(locate: () => SourceLoc | null): LeafRecording {
  const locs = new WeakMap<Tensor, SourceLoc>();
  let active = true;
  let ops = 0;
  const record = (t: Tensor): void => {
    const loc = locate();
    if (loc !== null) locs.set(t, loc);
  };
  const mine: EngineObserver = {
    onLeaf: record,
    onOp(out) {
      if (ops++ < MAX_LOAD_OPS) record(out);
    },
  };
  const prev = setObserver(mine);
  return {
    locOf: (t) => locs.get(t) ?? null,
    stop() {
      if (!active) return;
      active = false;
      // Only undo our own installation: someone else's observer may have replaced it since.
      if (getObserver() === mine) setObserver(prev);
    },
  };
}
