// How a model decider reaches its model, the same for Gemini and an OpenAI-compatible server: each
// request waits its turn in the process's call scheduler (calls in flight, per minute, tokens per
// minute; urgent tickets first), transient failures are retried by the app's retry helper, a server's
// "retry in N ms" pauses the whole scheduler so the other tickets wait instead of failing too, and an
// unusable answer gets one repair request. A ticket that gets no turn within what is left of its wait
// budget fails with reason model_busy, and the fallback wrapper lets the policy engine decide it.
import type { Assessment } from '../core/assess.js';
import type { Usage } from '../core/ports.js';
import { hasCode, type MemdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import { retryAfterHint, withRetry, type RetryOptions } from '../retry.js';
import { callPriority } from './call-priority.js';
import { type CallScheduler, ServiceBusy } from './call-scheduler.js';
import { deciderError } from './decider-error.js';
import { addUsage } from './model-prompt.js';

/** What every model decider takes besides its model and where to reach it. */
export interface ModelDeciderOptions {
  logger?: Logger;
  /** Per model request, retries excluded. */
  timeoutMs?: number;
  retry?: Partial<Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxMs' | 'sleep' | 'random'>>;
  /** The process's one scheduler for model calls (GEMINI_RPM, GEMINI_TPM, GEMINI_MAX_CONCURRENCY, DECIDE_WAIT_MS). */
  scheduler?: CallScheduler;
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

/** One ticket's place in the queue, and how much longer, over all its calls, it may wait for a turn. */
export interface CallBudget {
  priority: number;
  waitLeftMs: number;
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
  /** One request to the model under the per-request timeout, scheduled and retried. */
  send(step: string, budget: CallBudget, estimatedTokens: number, call: (signal: AbortSignal) => Promise<Res>): Promise<Res>;
  /** One request, and if its answer is unusable, one more with a note saying what was wrong. */
  ask<Req, T>(step: string, request: Req, steps: AskSteps<Req, Res, T>): Promise<{ value: T; usage: Usage; sent: Req }>;
}

export function modelCalls<Res>(options: ModelCallOptions<Res>): ModelCalls<Res> {
  const { service, scheduler, logger: log, usageOf, timeoutMs } = options;

  /** The call under its timeout, with SDK failures turned into decider_failed errors. */
  async function timed(step: string, call: (signal: AbortSignal) => Promise<Res>): Promise<Res> {
    const signal = AbortSignal.timeout(timeoutMs);
    const started = Date.now();
    try {
      const response = await call(signal);
      log?.debug({ step, ms: Date.now() - started, usage: usageOf(response) }, `${service} answered`);
      return response;
    } catch (err) {
      throw options.transportError(err, signal, timeoutMs);
    }
  }

  async function scheduled(budget: CallBudget, estimatedTokens: number, request: () => Promise<Res>): Promise<Res> {
    if (!scheduler) return request();
    const asked = Date.now();
    try {
      return await scheduler.run({ priority: budget.priority, estimatedTokens, maxWaitMs: Math.max(0, budget.waitLeftMs) }, async () => {
        budget.waitLeftMs -= Date.now() - asked;
        const response = await request();
        const usage = usageOf(response);
        return { value: response, tokens: usage.prompt_tokens + usage.candidate_tokens };
      });
    } catch (err) {
      if (!(err instanceof ServiceBusy)) throw err;
      budget.waitLeftMs = 0;
      throw deciderError('model_busy', `${service} had no free call slot within ${err.waitedMs} ms`, { cause: err });
    }
  }

  return {
    budgetFor(assessment) {
      return { priority: callPriority(assessment), waitLeftMs: scheduler?.maxWaitMs ?? Infinity };
    },

    send(step, budget, estimatedTokens, call) {
      return withRetry(
        async () => {
          try {
            return await scheduled(budget, estimatedTokens, () => timed(step, call));
          } catch (err) {
            // The server said when it will take calls again: nobody should call before then.
            const hint = retryAfterHint(err);
            if (hint !== undefined) scheduler?.pause(hint);
            throw err;
          }
        },
        {
          attempts: options.retry?.attempts ?? 3,
          baseMs: options.retry?.baseMs ?? 500,
          maxMs: options.retry?.maxMs ?? 5_000,
          ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
          ...(options.retry?.random ? { random: options.retry.random } : {}),
          isRetryable: (err) => hasCode(err, 'decider_failed') && err.detail.retryable,
          onRetry: ({ err, attempt, delayMs }) =>
            log?.warn({ step, attempt, delayMs, reason: hasCode(err, 'decider_failed') ? err.detail.reason : 'unexpected_error' }, `${service} call failed; retrying`),
        },
      );
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
