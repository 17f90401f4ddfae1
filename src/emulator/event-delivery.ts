// Delivers signed requests to the bot's request URL as Slack does: signed with the app's signing
// secret, redelivered with X-Slack-Retry-Num when the app is unreachable or answers 5xx (e.g. while
// Reset restarts it), and given up after a few tries. A 4xx (a bad signature: 401) is final.
import type { Logger } from '../log.js';
import { withRetry } from '../retry.js';
import { postSigned, type SlackBody } from './signing.js';
import { hasCode, memdeskError } from '../errors.js';

export interface DeliveryTarget {
  /** The app's /slack/events; undefined while it is (re)starting. */
  url: string | undefined;
  signingSecret: string;
}

export interface EventDelivery {
  /** Resolves with the app's HTTP status, or rejects when every try failed. */
  deliver(body: SlackBody, what: string): Promise<number>;
}

export function createEventDelivery(deps: { target: () => DeliveryTarget; logger: Logger; attempts?: number }): EventDelivery {
  return {
    async deliver(body, what) {
      return withRetry(
        async (attempt) => {
          const { url, signingSecret } = deps.target();
          if (!url) throw memdeskError('delivery_retryable', 'the app is not listening yet');
          const retry = attempt > 1 ? { retryNum: attempt - 1, retryReason: 'http_error' } : {};
          let status: number;
          try {
            ({ status } = await postSigned(url, body, { signingSecret, ...retry }));
          } catch (error) {
            throw memdeskError('delivery_retryable', `the app is unreachable: ${error instanceof Error ? error.message : String(error)}`);
          }
          if (status >= 500) throw memdeskError('delivery_retryable', `the app answered ${status}`);
          if (status >= 400) deps.logger.warn({ status, what }, 'the app refused a delivery');
          return status;
        },
        {
          attempts: deps.attempts ?? 4,
          baseMs: 400,
          maxMs: 3_000,
          isRetryable: (error) => hasCode(error, 'delivery_retryable'),
          onRetry: ({ err, attempt, delayMs }) =>
            deps.logger.debug({ what, attempt, delay_ms: delayMs, reason: (err as Error).message }, 'redelivering to the app'),
        },
      );
    },
  };
}
