// How long a memory search takes, its query embedded by the model, while other work holds the
// model: the background giving thousands of memories their USE-lite vectors (MEMORY_EMBEDDER=tiered),
// or a bulk add embedding N memories (every embedder). Single searches one after another with a pause
// between them, as tickets arrive, each query a new text so none is answered by the store's query
// cache; then as many again once the work is done.
import type { Scope } from '../src/core/ports.js';
import type { LocalMemoryStore } from '../src/memory/local.js';
import { quantile } from './quantile.js';

/** Between two searches: the work runs alone for a while, as between tickets. */
const PAUSE_MS = 50;
/** Searches timed after the work is done. */
const IDLE_SEARCHES = 100;

interface Latency {
  p50: number;
  p95: number;
  searches: number;
}

function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number((quantile(s, q) ?? Number.NaN).toFixed(1));
  return { p50: at(0.5), p95: at(0.95), searches: s.length };
}

/**
 * Searches while `work()` has not resolved, then `idleSearches` more. Resolves with both latencies
 * and the work's own time.
 */
export async function searchesDuring(
  store: LocalMemoryStore,
  scopes: Scope[],
  query: () => string,
  work: () => Promise<unknown>,
  idleSearches = IDLE_SEARCHES,
): Promise<{ during: Latency; idle: Latency; work_ms: number }> {
  const started = performance.now();
  let doneAt: number | undefined;
  const working = work().then(() => {
    doneAt = performance.now();
  });
  let n = 0;
  const timeOne = async () => {
    const scope = scopes[n % scopes.length]!;
    const text = `${query()} (${n++})`;
    const t = performance.now();
    await store.search(scope, text, { limit: 8 });
    return performance.now() - t;
  };
  const during: number[] = [];
  while (doneAt === undefined) {
    const ms = await timeOne();
    // Only searches that ran wholly during the work count as during it.
    if (doneAt === undefined) during.push(ms);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  await working;
  const idle: number[] = [];
  for (let i = 0; i < idleSearches; i++) {
    idle.push(await timeOne());
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return { during: latency(during), idle: latency(idle), work_ms: Math.round(doneAt - started) };
}

/** Tiered: searches while the store's embedMissing() (a background run) is under way, then idle. */
export async function searchesDuringCatchUp(
  store: LocalMemoryStore,
  scopes: Scope[],
  query: () => string,
): Promise<{ during: Latency; idle: Latency; catch_up_ms: number }> {
  const { during, idle, work_ms } = await searchesDuring(store, scopes, query, () => store.embedMissing());
  return { during, idle, catch_up_ms: work_ms };
}
