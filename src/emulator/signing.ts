// Requests as Slack sends them to an app: the body signed with the app's signing secret (v0,
// HMAC-SHA256 over "v0:<timestamp>:<body>", in X-Slack-Signature beside X-Slack-Request-Timestamp).
// Events are JSON; slash commands are forms; interactivity is a form with one `payload` field of JSON.
import { slackSignature } from '../slack/request-signature.js';

export { slackSignature };

export type SlackBody = { json: unknown } | { form: Record<string, string> } | { interaction: unknown };

export function encodeSlackBody(body: SlackBody): { text: string; contentType: string } {
  if ('json' in body) return { text: JSON.stringify(body.json), contentType: 'application/json' };
  const form = 'form' in body ? body.form : { payload: JSON.stringify(body.interaction) };
  return { text: new URLSearchParams(form).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface SignedPostOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. Slack apps refuse anything over five minutes old. */
  timestamp?: number;
  /** Replaces the computed signature (to send a bad one). */
  signature?: string;
  /** Slack's redelivery headers. */
  retryNum?: number;
  retryReason?: string;
}

/** Signs `body` and POSTs it to an app's request URL (e.g. its /slack/events). */
export async function postSigned(url: string, body: SlackBody | string, options: SignedPostOptions): Promise<{ status: number; body: string }> {
  const { text, contentType } =
    typeof body === 'string' ? { text: body, contentType: 'application/x-www-form-urlencoded' } : encodeSlackBody(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.signingSecret, timestamp, text),
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  const response = await fetch(url, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}
