// The app's one retry helper: bounded exponential backoff with full jitter, for calls to
// services that fail transiently (rate limits, 5xx, timeouts, dropped connections).
import { hasCode } from './errors.js';
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  isRetryable: (err: unknown) => boolean;
  /** Injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable so tests can pin the jitter; returns [0, 1). */
  random?: () => number;
  onRetry?: (info: { err: unknown; attempt: number; delayMs: number }) => void;
}

/** A server's own "try again in N ms" (e.g. Gemini's RetryInfo), read off the error. */
export function retryAfterHint(err: unknown): number | undefined {
  const hint = hasCode(err, 'decider_failed') ? err.detail.retryAfterMs : undefined;
  return typeof hint === 'number' && Number.isFinite(hint) && hint >= 0 ? hint : undefined;
}

/** The wait before try `attempt + 1`; undefined when the server asks for longer than we will wait. */
export function backoffMs(attempt: number, options: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'>, err?: unknown): number | undefined {
  const hint = retryAfterHint(err);
  // Waiting past maxMs would stall a ticket; better to fail now and let the caller fall back.
  if (hint !== undefined) return hint <= options.maxMs ? hint : undefined;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  // Full jitter spreads retries from many tickets so they do not hit the service in step.
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.attempts || !options.isRetryable(err)) throw err;
      const delayMs = backoffMs(attempt, options, err);
      if (delayMs === undefined) throw err;
      options.onRetry?.({ err, attempt, delayMs });
      await sleep(delayMs);
    }
  }
}
