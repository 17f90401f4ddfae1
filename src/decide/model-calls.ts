// How a model decider reaches its model, the same for Gemini and an OpenAI-compatible server: each
// request waits its turn in the process's call scheduler (calls in flight, per minute, tokens per
// minute; urgent tickets first), transient failures are retried by the app's retry helper, a server's
// "retry in N ms" pauses the whole scheduler so the other tickets wait instead of failing too, and an
// unusable answer gets one repair request. An urgent ticket's request that is slower than about the
// p95 of recent answers is hedged: sent once more if a slot is free at once, the first good answer
// taken and the other request aborted (MODEL_HEDGE). A ticket that gets no turn within what is left of its wait
// budget fails with reason model_busy, and the fallback wrapper lets the policy engine decide it.
// A turn's requests (both steps, their retries and repairs) share one budget of tries × per-request
// timeout (MODEL_TRIES × MODEL_TIMEOUT_MS): a hung server costs a ticket at most that, the short pauses
// between tries and its wait for call slots before the policy engine decides (reason timeout).
import type { Assessment } from '../core/assess.js';
import type { Usage } from '../core/ports.js';
import { hasCode, type MemdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import { retryAfterHint, withRetry, type RetryOptions } from '../retry.js';
import { setTimeout as delay } from 'node:timers/promises';
import { callPriority } from './call-priority.js';
import { type CallScheduler, ServiceBusy } from './call-scheduler.js';
import { deciderError } from './decider-error.js';
import { HedgeDelay, type HedgeDelayOptions } from './hedge-delay.js';
import { addUsage } from './model-prompt.js';

/** What every model decider takes besides its model and where to reach it. */
export interface ModelDeciderOptions {
  logger?: Logger;
  /** Per model request, retries excluded (MODEL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** `attempts`: tries per request, the first included (MODEL_TRIES); a turn's requests take at most attempts × timeoutMs in all. */
  retry?: Partial<Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxMs' | 'sleep' | 'random'>>;
  /** The process's one scheduler for model calls (GEMINI_RPM, GEMINI_TPM, GEMINI_MAX_CONCURRENCY, DECIDE_WAIT_MS). */
  scheduler?: CallScheduler;
  /** MODEL_HEDGE: `urgent` sends an urgent ticket's slow request once more (needs `scheduler`); default off. */
  hedge?: 'urgent' | 'off';
  /** When a request counts as slow (tests shorten it). */
  hedgeDelay?: HedgeDelayOptions;
}

/** How one decider's SDK answers: its response's token usage, and its failures as decider_failed errors. */
export interface ModelCallOptions<Res> extends ModelDeciderOptions {
  /** Names the model service in logs ("gemini", "openai-compatible model"). */
  service: string;
  timeoutMs: number;
  usageOf(response: Res): Usage;
  /** The SDK's error (or the timeout that aborted `signal`) as a decider_failed error. */
  transportError(err: unknown, signal: AbortSignal, timeoutMs: number): MemdeskError<'decider_failed'>;
}

/**
 * One ticket's place in the queue, how much longer, over all its calls, it may wait for a turn,
 * whether its slow requests are hedged, and what its calls sent so far.
 */
export interface CallBudget {
  priority: number;
  waitLeftMs: number;
  hedge: boolean;
  /** Requests sent to the model for this ticket: retries, repairs and hedges included. */
  requests: number;
  /** Of those, hedges. */
  hedged: number;
  /** How much longer its requests may take, over all its calls (waits for a slot and pauses between tries excluded). */
  requestLeftMs: number;
  /** How long its calls have waited for a slot so far. */
  waitedMs: number;
}

/** What `ask` needs to send a request, read its answer and, once, send it again with a note. */
export interface AskSteps<Req, Res, T> {
  send(request: Req, step: string): Promise<Res>;
  read(response: Res): T;
  withNote(request: Req, note: string): Req;
  howToFix: string;
}

export interface ModelCalls<Res> {
  /** A new turn's budget: its priority from the assessment and the scheduler's whole wait. */
  budgetFor(assessment: Assessment): CallBudget;
  /** The usage with the requests the turn sent so far, so "model calls per ticket" counts hedges and retries too. */
  counted(usage: Usage, budget: CallBudget): Usage;
  /** One request to the model under the per-request timeout, scheduled and retried. */
  send(step: string, budget: CallBudget, estimatedTokens: number, call: (signal: AbortSignal) => Promise<Res>): Promise<Res>;
  /** One request, and if its answer is unusable, one more with a note saying what was wrong. */
  ask<Req, T>(step: string, request: Req, steps: AskSteps<Req, Res, T>): Promise<{ value: T; usage: Usage; sent: Req }>;
}

export function modelCalls<Res>(options: ModelCallOptions<Res>): ModelCalls<Res> {
  const { service, scheduler, logger: log, usageOf, timeoutMs } = options;
  const attempts = options.retry?.attempts ?? 3;
  const turnRequestMs = attempts * timeoutMs;
  const hedging = options.hedge === 'urgent' && scheduler !== undefined;
  const hedgeDelay = new HedgeDelay(options.hedgeDelay);

  /**
   * The call under its timeout (or aborted sooner by `cancel`: the hedge that lost), with SDK failures
   * turned into decider_failed errors. A server's "retry in N ms" pauses the scheduler at once, even
   * while the other of a hedged pair is still out: nobody should call before then.
   */
  async function timed(step: string, budget: CallBudget, call: (signal: AbortSignal) => Promise<Res>, left: () => number, cancel?: AbortSignal): Promise<Res> {
    const limitMs = Math.min(timeoutMs, Math.floor(left()));
    if (limitMs <= 0) {
      throw deciderError('timeout', `${service} requests used up this ticket's ${turnRequestMs} ms (MODEL_TRIES × MODEL_TIMEOUT_MS)`);
    }
    const timeout = AbortSignal.timeout(limitMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    const started = Date.now();
    budget.requests++;
    try {
      const response = await call(signal);
      const ms = Date.now() - started;
      hedgeDelay.observe(ms);
      log?.debug({ step, ms, usage: usageOf(response) }, `${service} answered`);
      return response;
    } catch (err) {
      const failure = options.transportError(err, signal, limitMs);
      const hint = retryAfterHint(failure);
      if (hint !== undefined) scheduler?.pause(hint);
      throw failure;
    }
  }

  const tokensOf = (response: Res) => {
    const usage = usageOf(response);
    return usage.prompt_tokens + usage.candidate_tokens;
  };

  async function scheduled(budget: CallBudget, estimatedTokens: number, request: () => Promise<Res>): Promise<Res> {
    if (!scheduler) return request();
    const asked = Date.now();
    try {
      return await scheduler.run({ priority: budget.priority, estimatedTokens, maxWaitMs: Math.max(0, budget.waitLeftMs) }, async () => {
        const waited = Date.now() - asked;
        budget.waitLeftMs -= waited;
        budget.waitedMs += waited;
        const response = await request();
        return { value: response, tokens: tokensOf(response) };
      });
    } catch (err) {
      if (!(err instanceof ServiceBusy)) throw err;
      budget.waitLeftMs = 0;
      throw deciderError('model_busy', `${service} had no free call slot within ${err.waitedMs} ms`, { cause: err });
    }
  }

  /**
   * One try of a request. An urgent ticket's (`hedge` still unspent in this call) that has not
   * answered within the hedge delay of its start is sent once more, if the scheduler can start it at
   * once; the first good answer wins and the other request is aborted. One failing does not fail the
   * try while the other is still out; both failing throws the first one's error.
   */
  function attempt(step: string, budget: CallBudget, estimatedTokens: number, call: (signal: AbortSignal) => Promise<Res>, spent: { hedge: boolean }, left: () => number): Promise<Res> {
    if (!hedging || !budget.hedge || spent.hedge) return scheduled(budget, estimatedTokens, () => timed(step, budget, call, left));
    return new Promise<Res>((resolve, reject) => {
      const first = new AbortController();
      const second = new AbortController();
      let out = 1;
      let done = false;
      let firstError: unknown;
      let timer: NodeJS.Timeout | undefined;
      const won = (response: Res, loser: AbortController) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        loser.abort();
        resolve(response);
      };
      const failed = (err: unknown) => {
        if (firstError === undefined) firstError = err;
        if (--out > 0 || done) return;
        done = true;
        clearTimeout(timer);
        reject(firstError);
      };
      const hedge = () => {
        if (done || spent.hedge) return;
        const sent = scheduler!.tryRun({ priority: budget.priority, estimatedTokens }, async () => {
          const response = await timed(`${step}:hedge`, budget, call, left, second.signal);
          return { value: response, tokens: tokensOf(response) };
        });
        if (!sent) {
          log?.debug({ step, afterMs: Date.now() - startedAt }, `${service} request slow; no free slot to hedge it`);
          return;
        }
        spent.hedge = true;
        out++;
        budget.hedged++;
        log?.info({ step, afterMs: Date.now() - startedAt }, `${service} request slow; hedged with a second`);
        sent.then((response) => won(response, first), failed);
      };
      let startedAt = 0;
      scheduled(budget, estimatedTokens, () => {
        startedAt = Date.now();
        const delay = hedgeDelay.delayMs();
        if (delay !== undefined && delay < timeoutMs) {
          timer = setTimeout(hedge, delay);
          timer.unref?.();
        }
        return timed(step, budget, call, left, first.signal);
      }).then((response) => won(response, second), failed);
    });
  }

  return {
    budgetFor(assessment) {
      return {
        priority: callPriority(assessment),
        waitLeftMs: scheduler?.maxWaitMs ?? Infinity,
        hedge: hedging && assessment.priority === 'urgent',
        requests: 0,
        hedged: 0,
        requestLeftMs: turnRequestMs,
        waitedMs: 0,
      };
    },

    counted(usage, budget) {
      return { ...usage, requests: budget.requests, hedged: budget.hedged };
    },

    async send(step, budget, estimatedTokens, call) {
      const spent = { hedge: false };
      // What this call spends of the turn's request budget: wall time less its waits for a slot and its pauses.
      const started = Date.now();
      const waitedBefore = budget.waitedMs;
      const leftBefore = budget.requestLeftMs;
      let pausedMs = 0;
      const left = () => leftBefore - (Date.now() - started - (budget.waitedMs - waitedBefore) - pausedMs);
      const sleep = options.retry?.sleep ?? ((ms: number) => delay(ms));
      const pause = async (ms: number) => {
        const from = Date.now();
        await sleep(ms);
        pausedMs += Date.now() - from;
      };
      try {
        return await withRetry(() => attempt(step, budget, estimatedTokens, call, spent, left), {
          attempts,
          baseMs: options.retry?.baseMs ?? 500,
          maxMs: options.retry?.maxMs ?? 5_000,
          sleep: pause,
          ...(options.retry?.random ? { random: options.retry.random } : {}),
          isRetryable: (err) => hasCode(err, 'decider_failed') && err.detail.retryable && left() > 0,
          onRetry: ({ err, attempt, delayMs }) =>
            log?.warn({ step, attempt, delayMs, reason: hasCode(err, 'decider_failed') ? err.detail.reason : 'unexpected_error' }, `${service} call failed; retrying`),
        });
      } finally {
        budget.requestLeftMs = left();
      }
    },

    async ask(step, request, steps) {
      const first = await steps.send(request, step);
      let usage = usageOf(first);
      try {
        return { value: steps.read(first), usage, sent: request };
      } catch (err) {
        if (!(hasCode(err, 'decider_failed') && err.detail.repairable)) throw err;
        log?.warn({ step, reason: err.detail.reason, detail: err.message }, `${service} answer unusable; asking once more`);
        const repaired = steps.withNote(request, `Your previous reply could not be used: ${err.message}. ${steps.howToFix}`);
        const second = await steps.send(repaired, `${step}:repair`);
        usage = addUsage(usage, usageOf(second));
        return { value: steps.read(second), usage, sent: repaired };
      }
    },
  };
}

/**
 * A request's size in tokens, roughly (about four characters a token, over about the characters of
 * its JSON), so a nearly spent TPM budget is not overrun. Counted by walking the request rather than
 * serialising it: the JSON was a second copy of the whole prompt, built per call only to be measured.
 */
export function roughTokens(request: unknown): number {
  return Math.ceil(jsonLength(request) / 4);
}

/** About JSON.stringify(value).length (escapes not counted), without building the string. */
function jsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (value === null) return 4;
  // Undefined, functions, symbols (and bigints, which JSON refuses) are not sent.
  if (typeof value !== 'object') return 0;
  let n = 2;
  if (Array.isArray(value)) {
    for (const item of value) n += jsonLength(item) + 1;
    return n;
  }
  const record = value as Record<string, unknown>;
  // for…in rather than Object.entries: no pair arrays allocated per key (JSON takes own keys; requests are plain objects).
  for (const key in record) {
    const item = record[key];
    if (Object.hasOwn(record, key) && isSent(item)) n += key.length + 4 + jsonLength(item);
  }
  return n;
}

/** Undefined, functions and symbols are left out of JSON. */
function isSent(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
