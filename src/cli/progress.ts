// The progress line on stderr during long traces (a terminal only): phase and count, redrawn in place.
import type { TraceProgress } from "../trace/env";
import type { Style } from "./style";

const PHASES: Record<TraceProgress["phase"], string> = { trace: "tracing forward and backward", checks: "checking gradients", history: "training" };

// Short runs finish before this: no flicker of a line that is erased at once.
const SHOW_AFTER_MS = 300;

/** Shows progress on a TTY stream; clear() erases the line (call it before printing anything else). */
export class ProgressLine {
  private readonly start = Date.now();
  private shown = false;
  private last: TraceProgress | null = null;

  constructor(
    private readonly stream: { write(s: string): unknown; isTTY?: boolean },
    private readonly style: Style,
  ) {}

  update(p: TraceProgress): void {
    this.last = p;
    if (this.stream.isTTY !== true || Date.now() - this.start < SHOW_AFTER_MS) return;
    const count = p.total > 0 ? ` ${p.done}/${p.total}` : "";
    const pct = p.total > 0 ? this.style.dim(` ${Math.floor((100 * p.done) / p.total)}%`) : "";
    this.stream.write(`\r\x1b[K${this.style.dim("…")} ${PHASES[p.phase]}${count}${pct}`);
    this.shown = true;
  }

  /** The last progress seen (to say how far a run got). */
  get lastProgress(): TraceProgress | null {
    return this.last;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
