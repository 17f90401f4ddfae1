// The re-index after an analyzer change, run beside the service (local.ts, postgres.ts): one bounded
// step at a time with the event loop free between steps, its progress logged with counts, a failed
// step tried again after a pause (a busy database, a dropped connection: the index is not current
// until every memory is done, so giving up would leave /healthz saying otherwise), and stopped by
// close between steps (each step is whole, so the next start continues from there).
import type { Logger } from '../log.js';

/** Progress is logged each time this many more memories are done. */
const LOG_EVERY = 50_000;
/** A failed step is tried again after this pause, doubled on each failure in a row up to the cap. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

export interface ReindexStep {
  indexed: number;
  done: boolean;
}

export interface BackgroundReindex {
  running(): boolean;
  /** Stops after the step in flight; resolves once it has. */
  stop(): Promise<void>;
  /** Resolves when every memory is done or the re-index was stopped. */
  done: Promise<void>;
}

export const idleReindex: BackgroundReindex = { running: () => false, stop: async () => {}, done: Promise.resolve() };

export function backgroundReindex(
  step: () => ReindexStep | Promise<ReindexStep>,
  opts: { logger?: Logger | undefined; indexed: number; startedAt: number },
): BackgroundReindex {
  let stopping = false;
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => (clearTimeout(timer), resolve());
    });
  const done = (async () => {
    let indexed = opts.indexed;
    let logged = indexed;
    let retryMs = RETRY_FIRST_MS;
    try {
      for (;;) {
        // Between steps the event loop runs: events, searches and /healthz are answered.
        await new Promise((resolve) => setImmediate(resolve));
        if (stopping) {
          opts.logger?.info({ indexed }, 'memory re-index paused by close; the next start continues it');
          return;
        }
        let result: ReindexStep;
        try {
          result = await step();
          retryMs = RETRY_FIRST_MS;
        } catch (err) {
          opts.logger?.warn({ err: err instanceof Error ? err.message : String(err), indexed, retry_ms: retryMs }, 'memory re-index step failed; trying again');
          await pause(retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          continue;
        }
        indexed += result.indexed;
        if (result.done) break;
        if (indexed - logged >= LOG_EVERY) {
          opts.logger?.info({ indexed }, 'memory re-index in progress');
          logged = indexed;
        }
      }
      opts.logger?.info({ indexed, ms: Date.now() - opts.startedAt }, 'memory re-index done');
    } finally {
      running = false;
    }
  })();
  return {
    running: () => running,
    stop: async () => {
      stopping = true;
      wake?.();
      await done;
    },
    done,
  };
}
