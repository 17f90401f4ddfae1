// The embedded memory store's second ranking signal: a sentence embedder turns a memory or a query
// into a unit-length vector whose dot product with another says how close their meanings are, so a
// paraphrase that shares no word with a memory still finds it. A port, so tests that are not about
// meaning do not load a model, and the store can run without one (lexical ranking only).

export interface Embedder {
  /** Names the model; stored beside the vectors, so a different model re-embeds instead of mixing spaces. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in order. `background`: nobody waits for these (the store
   * embedding stored memories), so a model shared with searches lets their queries go first.
   */
  embed(texts: string[], opts?: { background?: boolean }): Promise<Float32Array[]>;
}

/** Recent query texts kept with their vectors: a ticket searches two scopes with the same message. */
const QUERY_CACHE_SIZE = 64;

/**
 * Wraps an embedder for searches: the same query text embeds once while it is recent (the customer
 * and the account scope of one ticket, searched at the same time, share one model call).
 */
export function cachingQueries(embedder: Embedder, size = QUERY_CACHE_SIZE): Embedder & { embedQuery(text: string): Promise<Float32Array> } {
  const recent = new Map<string, Promise<Float32Array>>();
  return {
    model: embedder.model,
    dimensions: embedder.dimensions,
    embed: (texts, opts) => embedder.embed(texts, opts),
    embedQuery(text) {
      const known = recent.get(text);
      if (known) {
        // Refresh its place: the map's order is the eviction order.
        recent.delete(text);
        recent.set(text, known);
        return known;
      }
      const vector = embedder.embed([text]).then(([v]) => v!);
      recent.set(text, vector);
      // A failed call is not remembered: the next search tries again.
      vector.catch(() => recent.delete(text));
      if (recent.size > size) recent.delete(recent.keys().next().value!);
      return vector;
    },
  };
}

export function unitLength(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm === 0) return v;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
