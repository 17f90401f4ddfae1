// Exactly-once Slack effects. Each post has a key derived from the inbox item and the step; the
// intent is recorded before the call and the result after, so a turn resumed after a crash skips
// what went out (a reaction needs no record: Slack refuses to add it twice). A post whose intent was
// recorded but whose result was not (a crash mid-call) is looked up in Slack by the key carried in the
// message's metadata before it is posted again.
import type { webApi } from '@slack/bolt';
import type { DeliveryLedger } from './delivery-ledger.js';

export interface EffectLedger {
  once<T extends Record<string, unknown>>(key: string, run: () => Promise<T>, findExisting?: () => Promise<T | undefined>): Promise<T>;
  /**
   * An effect Slack itself keeps from happening twice (a reaction: adding it again is `already_reacted`),
   * so nothing is recorded for it: a turn's first run does it once (the same key again in that run
   * is not done again), any other run simply does it.
   */
  repeatable(key: string, run: () => Promise<void>): Promise<void>;
}

/**
 * What the inbox worker knows of the turn a key belongs to (the key starts with its inbox item's id):
 * `first`, its item claimed once, with the effects the turn did so far; `resumed`, claimed again
 * after a crash or a lost lease; undefined for a key of no inbox item (a button, an SLA alert).
 *
 * Nothing can be recorded under a first run's keys but what the run did itself, so it reads nothing
 * back from the ledger and records no intent before a call: the result after it is enough, because
 * a resumed run treats an effect with no record as one that may have gone out and looks in Slack for
 * it first (`findExisting`), as it does for an intent. Two round trips saved per post or reaction.
 * For the same reason the run need not wait for the result's record before its next step: the record
 * is written while the turn goes on (`recording`), and the worker waits for all of them before it
 * marks the item done, so a record that failed leaves the item to be resumed, as a failed turn does.
 */
export type TurnRuns = (key: string) => { run: 'first'; done: Map<string, Record<string, unknown>>; recording: Promise<unknown>[] } | { run: 'resumed' } | undefined;

export function effectLedger(delivery: Pick<DeliveryLedger, 'effect' | 'recordEffect'>, turnRuns: TurnRuns = () => undefined): EffectLedger {
  return {
    async once(key, run, findExisting) {
      const turn = turnRuns(key);
      if (turn?.run === 'first') {
        if (turn.done.has(key)) return turn.done.get(key) as never;
        const result = await run();
        turn.done.set(key, result);
        const recorded = delivery.recordEffect(key, 'done', result);
        // Awaited by the worker before the item is done; until then a failure must not go unhandled.
        recorded.catch(() => {});
        turn.recording.push(recorded);
        return result;
      }
      const known = await delivery.effect(key);
      if (known?.status === 'done') return (known.result ?? {}) as never;
      if ((known?.status === 'intent' || (turn?.run === 'resumed' && !known)) && findExisting) {
        const found = await findExisting();
        if (found) {
          await delivery.recordEffect(key, 'done', found);
          return found;
        }
      }
      await delivery.recordEffect(key, 'intent');
      const result = await run();
      await delivery.recordEffect(key, 'done', result);
      return result;
    },
    async repeatable(key, run) {
      const turn = turnRuns(key);
      if (turn?.run !== 'first') return run();
      if (turn.done.has(key)) return;
      await run();
      turn.done.set(key, {});
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
