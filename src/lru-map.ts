// A map that keeps at most `max` entries, dropping the least recently used first: for caches keyed by
// something outsiders choose (Slack team ids), so a long-running bot never grows without limit and
// the entries in use survive a flood of one-off keys.

export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key)!;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    // A Map iterates in insertion order: its first key is the least recently used.
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
