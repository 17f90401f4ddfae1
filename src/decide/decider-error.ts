// Why a model decider gave up, shared by every model adapter so the fallback wrapper and the
// retry helper read one shape whichever model failed.

/** `reason` is a short stable slug (http_500, timeout, unknown_tool, …). */
export class DeciderError extends Error {
  override readonly name = 'DeciderError';
  readonly retryable: boolean;
  readonly repairable: boolean;
  readonly retryAfterMs?: number;
  /** The HTTP status the model server answered with, when it answered at all. */
  readonly status?: number;
  constructor(
    readonly reason: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; repairable?: boolean; retryAfterMs?: number; status?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.repairable = options.repairable ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }
}
