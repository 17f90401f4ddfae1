// Slack delivers at least once: it retries an event (X-Slack-Retry-Num) when the ack is slow, and a
// message that mentions the bot arrives twice (`message` and `app_mention`, different event ids, same
// channel + ts). Every delivery claims its keys here first; only the first claim does the work.
// In-process for now; a durable inbox can implement the same interface.

export interface DeliveryDedupe {
  /** Records the keys; true when none of them was seen before (this delivery should be processed). */
  claim(keys: readonly string[]): Promise<boolean>;
}

/** Dedupe keys for one Slack message: its event id and its place in the channel. */
export function messageDeliveryKeys(eventId: string | undefined, channelId: string, ts: string): string[] {
  const keys = [`message:${channelId}:${ts}`];
  if (eventId) keys.push(`event:${eventId}`);
  return keys;
}

/**
 * Remembers the most recent `capacity` keys. Slack gives up retrying after about an hour, so a
 * bounded window is enough to stop duplicates without growing forever.
 */
export function inMemoryDeliveryDedupe(capacity = 50_000): DeliveryDedupe {
  const seen = new Set<string>();
  return {
    // Synchronous inside, so two concurrent deliveries of one event can never both win.
    async claim(keys) {
      if (keys.some((k) => seen.has(k))) return false;
      for (const key of keys) seen.add(key);
      while (seen.size > capacity) {
        const oldest = seen.values().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
      return true;
    },
  };
}
