// A manual clock for debouncing tests: nothing runs until the test advances time.
import type { Timers } from "../../src/extension/model/debounce";

/** A manual clock: advance(ms) runs the timers that come due, in order. */
export function fakeTimers(): Timers & { advance(ms: number): void; count(): number } {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    count: () => pending.size,
  };
}
