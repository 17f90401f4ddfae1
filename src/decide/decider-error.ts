// The one way a model decider says it gave up: a MemdeskError with code decider_failed, whose
// detail the retry helper, the repair step and the fallback wrapper read whichever model failed.
import { MemdeskError, type ErrorDetails } from '../errors.js';

type DeciderFailure = ErrorDetails['decider_failed'];

/** `reason` is a short stable slug (http_500, timeout, unknown_tool, model_busy, …). */
export function deciderError(
  reason: string,
  message: string,
  options: { cause?: unknown } & Partial<Omit<DeciderFailure, 'reason'>> = {},
): MemdeskError<'decider_failed'> {
  const { cause, retryable = false, repairable = false, retryAfterMs, status } = options;
  return new MemdeskError(
    'decider_failed',
    message,
    {
      reason,
      retryable,
      repairable,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(status !== undefined ? { status } : {}),
    },
    { cause },
  );
}
