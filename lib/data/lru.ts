/**
 * A small least-recently-used map for caches keyed by text users write (refs, action names):
 * an editor's language server lints for days, so such a cache must not grow without bound.
 *
 * Two generations instead of one ordered map: entries are written to the recent one, and when it
 * holds `limit` entries the older one is dropped and the recent one takes its place; a hit in the
 * older generation moves the entry back to the recent one. So an entry used within the last
 * `limit` writes stays (as in a strict LRU of `limit`), at most twice `limit` entries are held,
 * and a hit costs one map lookup (deleting and re-inserting on every hit, as one ordered map
 * needs, cost more than the lookups these caches save).
 */
export class Lru<K, V> {
  #recent = new Map<K, V>();
  #older = new Map<K, V>();
  constructor(readonly limit: number) {}

  /** How many distinct keys are held (at most twice `limit`). */
  get size(): number {
    let size = this.#recent.size;
    for (const key of this.#older.keys()) if (!this.#recent.has(key)) size++;
    return size;
  }

  has(key: K): boolean {
    return this.#recent.has(key) || this.#older.has(key);
  }

  /** The value, marked as recently used; `undefined` when absent. */
  get(key: K): V | undefined {
    const recent = this.#recent.get(key);
    if (recent !== undefined || this.#recent.has(key)) return recent;
    if (!this.#older.has(key)) return undefined;
    const value = this.#older.get(key) as V;
    this.#older.delete(key);
    this.#write(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#older.delete(key);
    if (this.#recent.has(key)) this.#recent.set(key, value);
    else this.#write(key, value);
  }

  #write(key: K, value: V): void {
    if (this.#recent.size >= this.limit) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(key, value);
  }
}
