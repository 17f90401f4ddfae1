// memdesk's errors: one class, each error with a stable `code` that callers switch on (as bolt-js
// does), and for some codes a typed detail. The CLI turns codes into messages and exit statuses;
// the local workspace turns them into HTTP answers.

/** What each code carries besides its message. */
export interface ErrorDetails {
  /** The environment or a start-up setting is wrong; the message names the variable. */
  config_invalid: Record<string, never>;
  /** A file memdesk reads (policy, directory, seed, scenarios) is missing or malformed. */
  file_invalid: Record<string, never>;
  /** A ticket request the loop refuses: empty or too long, or a ticket that is not the sender's. */
  ticket_input: Record<string, never>;
  /** A command line that does not make sense. */
  usage: Record<string, never>;
  /** The model decider gave up. `reason` is a short stable slug (http_500, timeout, unknown_tool, …). */
  decider_failed: {
    reason: string;
    retryable: boolean;
    repairable: boolean;
    /** The server's own "try again in N ms" (Gemini's RetryInfo, an HTTP Retry-After). */
    retryAfterMs?: number;
    /** The HTTP status the model server answered with, when it answered at all. */
    status?: number;
  };
  /** The hosted memory store could not be reached (timeout, 5xx, 429, refused connection). */
  memory_unavailable: { reason: string };
  /** The hosted memory store did not confirm a write; `status` is the last event status seen. */
  memory_write_failed: { eventId: string; status: string };
  /** The durable inbox could not record a delivered event: it must not be acknowledged, so Slack delivers it again. */
  inbox_unavailable: Record<string, never>;
  /** The local workspace refused a request body over its size limit. */
  body_too_large: Record<string, never>;
  /** The local workspace could not deliver to the bot yet; delivery is tried again. */
  delivery_retryable: Record<string, never>;
  /** The local workspace's Slack error for a Web API call (channel_not_found, …). */
  slack_api: { slackError: 'channel_not_found' | 'message_not_found' | 'already_reacted' | 'thread_not_found' };
  /** The page asked for something the workspace cannot do; `status` is the HTTP status it answers. */
  page_request: { status: number };
}
export type ErrorCode = keyof ErrorDetails;

export class MemdeskError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'MemdeskError';
  constructor(
    readonly code: C,
    message: string,
    readonly detail: ErrorDetails[C],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type NoDetail = { [C in ErrorCode]: ErrorDetails[C] extends Record<string, never> ? C : never }[ErrorCode];

/** An error whose code carries no detail. */
export function memdeskError(code: NoDetail, message: string, options?: { cause?: unknown }): MemdeskError {
  return new MemdeskError(code, message, {}, options);
}

/** Narrows an unknown thrown value to a memdesk error with this code. */
export function hasCode<C extends ErrorCode>(err: unknown, code: C): err is MemdeskError<C> {
  return err instanceof MemdeskError && err.code === code;
}
