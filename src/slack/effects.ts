// Exactly-once Slack effects. Each post or reaction has a key derived from the inbox item and the
// step; the intent is recorded before the call and the result after, so a turn resumed after a crash
// skips what went out. A post whose intent was recorded but whose result was not (a crash mid-call)
// is looked up in Slack by the key carried in the message's metadata before it is posted again.
import type { webApi } from '@slack/bolt';
import type { DeliveryLedger } from './delivery-ledger.js';

export interface EffectLedger {
  once<T extends Record<string, unknown>>(key: string, run: () => Promise<T>, findExisting?: () => Promise<T | undefined>): Promise<T>;
}

/**
 * The effects done so far by a turn that runs for the first time (its inbox item claimed once), by
 * key; undefined for any other key. Nothing can be recorded under such a turn's keys but what it
 * did itself, so its effects are not read back from the ledger: a round trip saved per effect.
 */
export type FirstRunEffects = (key: string) => Map<string, Record<string, unknown>> | undefined;

export function effectLedger(delivery: Pick<DeliveryLedger, 'effect' | 'recordEffect'>, firstRun: FirstRunEffects = () => undefined): EffectLedger {
  return {
    async once(key, run, findExisting) {
      const mine = firstRun(key);
      const known = mine ? (mine.has(key) ? { status: 'done' as const, result: mine.get(key)! } : undefined) : await delivery.effect(key);
      if (known?.status === 'done') return (known.result ?? {}) as never;
      if (known?.status === 'intent' && findExisting) {
        const found = await findExisting();
        if (found) {
          await delivery.recordEffect(key, 'done', found);
          return found;
        }
      }
      await delivery.recordEffect(key, 'intent');
      const result = await run();
      await delivery.recordEffect(key, 'done', result);
      mine?.set(key, result);
      return result;
    },
  };
}

export const EFFECT_EVENT_TYPE = 'memdesk_effect';

/** Metadata that lets a resumed turn recognise a message it already posted. */
export function effectMetadata(key: string) {
  return { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_key: key } };
}

/** Finds a message memdesk posted under `key` in a thread (or a channel's recent history). */
export async function findPostedEffect(
  client: webApi.WebClient,
  where: { channel: string; threadTs?: string },
  key: string,
): Promise<{ ts: string } | undefined> {
  try {
    const page = where.threadTs
      ? await client.conversations.replies({ channel: where.channel, ts: where.threadTs, include_all_metadata: true, limit: 200 })
      : await client.conversations.history({ channel: where.channel, include_all_metadata: true, limit: 200 });
    const hit = (page.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { effect_key?: string } } }).metadata;
      return meta?.event_type === EFFECT_EVENT_TYPE && meta.event_payload?.effect_key === key;
    });
    return hit?.ts ? { ts: hit.ts } : undefined;
  } catch {
    // Cannot tell: posting again risks a duplicate, but not posting risks silence; the customer wins.
    return undefined;
  }
}
