// How the Web API client talks to Slack: which host (SLACK_API_URL for tests and the local
// workspace) and when to try again. A 429 is retried after its Retry-After (the client waits that
// long itself); nothing else is retried, because a post whose response was lost may already be in
// the channel and a second attempt would post it twice.
import type { webApi } from '@slack/bolt';
import type { Config } from '../config.js';

type WebClientOptions = webApi.WebClientOptions;
type RetryOptions = webApi.RetryOptions;

const rateLimitRetries = 5;

export function webClientOptions(config: Pick<Config, 'SLACK_API_URL'>): WebClientOptions {
  // p-retry (inside the client) reads onFailedAttempt; throwing from it stops the retries.
  const retryConfig: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    retries: rateLimitRetries,
    // Retry-After has already been waited for; this is only a short extra gap between attempts.
    factor: 2,
    minTimeout: 100,
    maxTimeout: 2_000,
    onFailedAttempt(error) {
      if (!isRateLimitRetry(error)) throw error;
    },
  };
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: withTrailingSlash(config.SLACK_API_URL) } : {}),
    retryConfig,
  };
}

/**
 * @slack/web-api 7 signals "waited Retry-After, try again" with a plain Error of this message and no
 * `code`; request and HTTP errors carry a `code` (slack_webapi_request_error / slack_webapi_http_error).
 */
function isRateLimitRetry(error: Error): boolean {
  return !('code' in error) && error.message.startsWith('A rate limit was exceeded');
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
