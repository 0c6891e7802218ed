import { describe, expect, test } from "vitest";
import { KeyedDebouncer } from "../../../src/extension/model/debounce";
import { fakeTimers } from "../fakeTimers";

describe("KeyedDebouncer", () => {
  test("runs only the last function scheduled for a key, once the delay passes without another", () => {
    const clock = fakeTimers();
    const d = new KeyedDebouncer<string>(300, clock);
    const ran: string[] = [];
    d.schedule("a", () => ran.push("a1"));
    clock.advance(200);
    d.schedule("a", () => ran.push("a2"));
    clock.advance(200);
    expect(ran).toEqual([]);
    expect(d.pending("a")).toBe(true);
    clock.advance(100);
    expect(ran).toEqual(["a2"]);
    expect(d.pending("a")).toBe(false);
  });

  test("keeps keys apart", () => {
    const clock = fakeTimers();
    const d = new KeyedDebouncer<string>(100, clock);
    const ran: string[] = [];
    d.schedule("a", () => ran.push("a"));
    d.schedule("b", () => ran.push("b"));
    clock.advance(100);
    expect(ran.sort()).toEqual(["a", "b"]);
  });

  test("cancel and dispose drop what was scheduled", () => {
    const clock = fakeTimers();
    const d = new KeyedDebouncer<string>(100, clock);
    const ran: string[] = [];
    d.schedule("a", () => ran.push("a"));
    d.schedule("b", () => ran.push("b"));
    expect(d.cancel("a")).toBe(true);
    expect(d.cancel("a")).toBe(false);
    d.dispose();
    clock.advance(1000);
    expect(ran).toEqual([]);
    expect(clock.count()).toBe(0);
  });
});
