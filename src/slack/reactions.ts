// A reaction on a customer's message (👀 when a turn starts, ✅ or ⚠️ when it ends): done once per
// turn (effects.ts, repeatable: Slack itself refuses a second add), and a courtesy, so a failure is
// logged and never stops the ticket.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { EffectLedger } from './effects.js';

export async function addReaction(
  client: webApi.WebClient,
  effects: EffectLedger,
  message: { channelId: string; ts: string; turnKey: string },
  name: string,
  logger: Logger,
): Promise<void> {
  try {
    await effects.repeatable(`${message.turnKey}:reaction:${name}`, async () => {
      try {
        await client.reactions.add({ channel: message.channelId, timestamp: message.ts, name });
      } catch (error) {
        // Adding a reaction twice is Slack's way of saying the first one landed.
        if ((error as { data?: { error?: string } }).data?.error !== 'already_reacted') throw error;
      }
    });
  } catch (error) {
    logger.warn({ err: error, reaction: name }, 'reaction failed');
  }
}
