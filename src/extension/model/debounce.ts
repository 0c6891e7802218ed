// A debouncer per key (one per model file): saves in quick succession start one trace, after the last.

/** The timer functions a debouncer uses (tests pass fake ones). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Runs the latest function scheduled for a key once no other was scheduled for `delayMs`. */
export class KeyedDebouncer<K> {
  private readonly timers = new Map<K, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly clock: Timers = realTimers,
  ) {}

  /** Schedules `fn` for `key`, replacing what was scheduled for it. */
  schedule(key: K, fn: () => void): void {
    this.cancel(key);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, this.delayMs);
    this.timers.set(key, handle);
  }

  /** Drops what was scheduled for `key`; true if something was. */
  cancel(key: K): boolean {
    const handle = this.timers.get(key);
    if (handle === undefined) return false;
    this.clock.clearTimeout(handle);
    this.timers.delete(key);
    return true;
  }

  /** Whether something is scheduled for `key`. */
  pending(key: K): boolean {
    return this.timers.has(key);
  }

  /** Drops everything scheduled. */
  dispose(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}
