// Tiered (MEMORY_EMBEDDER=tiered): how long a search takes, its query embedded by USE-lite, while the
// background gives thousands of memories their USE-lite vectors through the same worker thread, and
// the same once it has caught up. Single searches one after another with a pause between them, as
// tickets arrive, each query a new text so none is answered by the store's query cache.
import type { Scope } from '../src/core/ports.js';
import type { LocalMemoryStore } from '../src/memory/local.js';
import { quantile } from './quantile.js';

/** Between two searches: the background runs alone for a while, as between tickets. */
const PAUSE_MS = 50;
/** Searches timed after the background has caught up. */
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
 * Searches while `catchingUp` (the store's embedMissing() of a background run under way) has not
 * resolved, then as many again when idle. Resolves with both latencies and the catch-up's own time.
 */
export async function searchesDuringCatchUp(
  store: LocalMemoryStore,
  scopes: Scope[],
  query: () => string,
): Promise<{ during: Latency; idle: Latency; catch_up_ms: number }> {
  const started = performance.now();
  let caughtUpAt: number | undefined;
  const catchingUp = store.embedMissing().then(() => {
    caughtUpAt = performance.now();
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
  while (caughtUpAt === undefined) {
    const ms = await timeOne();
    // Only searches that ran wholly during the catch-up count as during it.
    if (caughtUpAt === undefined) during.push(ms);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  await catchingUp;
  const idle: number[] = [];
  for (let i = 0; i < IDLE_SEARCHES; i++) {
    idle.push(await timeOne());
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return { during: latency(during), idle: latency(idle), catch_up_ms: Math.round(caughtUpAt - started) };
}
