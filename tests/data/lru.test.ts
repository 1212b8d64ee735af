/**
 * The bounded cache behind the action data's lookups and the workspace's repository roots
 * (lib/data/lru.ts): it never holds more than twice its limit, keeps what was used within the last
 * `limit` writes, and keeps values that are falsy (a `null` "not known" is an answer worth caching).
 */
import { describe, expect, it } from "vitest";
import { Lru } from "../../lib/data/lru.js";

describe("Lru", () => {
  it("never holds more than twice its limit, however many keys are written", () => {
    const lru = new Lru<number, number>(10);
    for (let i = 0; i < 1000; i++) {
      lru.set(i, i);
      expect(lru.size).toBeLessThanOrEqual(20);
    }
    // The most recent writes are still there; the first ones are gone.
    expect(lru.get(999)).toBe(999);
    expect(lru.get(990)).toBe(990);
    expect(lru.has(0)).toBe(false);
    expect(lru.get(0)).toBeUndefined();
  });

  it("keeps an entry that is read while others are written", () => {
    const lru = new Lru<string, number>(8);
    lru.set("hot", 1);
    for (let i = 0; i < 100; i++) {
      lru.set(`cold-${i}`, i);
      expect(lru.get("hot")).toBe(1);
    }
    expect(lru.size).toBeLessThanOrEqual(16);
  });

  it("keeps a working set of its limit, and drops an entry unused for twice that many writes", () => {
    const lru = new Lru<string, number>(8);
    lru.set("once", 1);
    for (let i = 0; i < 7; i++) lru.set(`other-${i}`, i);
    // The limit's worth of entries, all still there.
    expect([...Array(7).keys()].every((i) => lru.has(`other-${i}`))).toBe(true);
    expect(lru.has("once")).toBe(true);
    for (let i = 7; i < 16; i++) lru.set(`other-${i}`, i);
    expect(lru.has("once")).toBe(false);
  });

  it("keeps null values and the latest value written for a key", () => {
    const lru = new Lru<string, string | null>(4);
    lru.set("unknown", null);
    expect(lru.has("unknown")).toBe(true);
    expect(lru.get("unknown")).toBeNull();
    lru.set("key", "first");
    lru.set("a", "a");
    lru.set("b", "b");
    lru.set("key", "second");
    expect(lru.get("key")).toBe("second");
    lru.set("c", "c");
    lru.set("d", "d");
    expect(lru.get("key")).toBe("second");
  });
});
