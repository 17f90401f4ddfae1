// Slack's v0 request signature: HMAC-SHA256 of "v0:<timestamp>:<body>" with the app's signing secret,
// sent as "v0=<hex>" in X-Slack-Signature beside X-Slack-Request-Timestamp. One computation for both
// sides: the door checks it (http-door.ts) and the local workspace signs with it (emulator/signing.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's staleness limit: a request signed more than this long ago is refused (a replay). */
const MAX_AGE_SECONDS = 5 * 60;

export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * What Bolt's isValidSlackRequest checks (stale after five minutes, the v0 signature), compared in
 * constant time with one HMAC rather than the three its string comparison costs.
 */
export function isSignedBySlack(signingSecret: string, body: string, signature: string, timestamp: number): boolean {
  if (timestamp < Math.floor(Date.now() / 1000) - MAX_AGE_SECONDS) return false;
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
