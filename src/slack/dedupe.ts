// Slack delivers at least once: it retries an event (X-Slack-Retry-Num) when the ack is slow, and a
// message that mentions the bot arrives twice (`message` and `app_mention`, different event ids, same
// channel + ts). The durable inbox accepts a delivery only when none of these keys was seen before.

/** Delivery keys for one Slack message: its event id and its place in the channel. */
export function messageDeliveryKeys(eventId: string | undefined, channelId: string, ts: string): string[] {
  const keys = [`message:${channelId}:${ts}`];
  if (eventId) keys.push(`event:${eventId}`);
  return keys;
}
