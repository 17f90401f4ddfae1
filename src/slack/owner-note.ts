// While a person holds a ticket the bot stays out of the customer's thread; what the customer adds
// there is shown to the owner instead: a short note in the escalation thread (or the escalation
// channel when the ticket was never escalated) that mentions them. Posted once per message.
import type { webApi } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';
import { escapeMrkdwn, mentionUser } from './markup.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { escalationThread } from './escalation-thread.js';
import { permalink } from './post-outcome.js';

const quoteLimit = 600;

export async function tellOwner(
  ticket: Ticket,
  followUp: { customerName: string; text: string; channelId: string; threadTs: string; turnKey: string },
  deps: { memdesk: Pick<Memdesk, 'tickets' | 'delivery'>; client: webApi.WebClient; escalationChannelId?: string; effects: EffectLedger; logger: Logger },
): Promise<void> {
  if (!ticket.owner) return;
  if (!deps.escalationChannelId) {
    deps.logger.warn({ ticket_id: ticket.ticket_id }, 'ESCALATION_CHANNEL_ID is not set; the owner was not told of the follow-up');
    return;
  }
  // The owner may hold it by Take it (the post is on the ticket) or by replying in the customer's thread.
  const threadTs = await escalationThread(deps.memdesk, ticket);
  const where = { channel: deps.escalationChannelId, ...(threadTs ? { threadTs } : {}) };
  const quoted = followUp.text.length > quoteLimit ? `${followUp.text.slice(0, quoteLimit)}…` : followUp.text;
  const link = await permalink(deps.client, followUp.channelId, followUp.threadTs);
  const text =
    `${mentionUser(ticket.owner)} ${escapeMrkdwn(followUp.customerName)} wrote again on ticket ${escapeMrkdwn(ticket.ticket_id)} ` +
    `(<${link}|their thread>; memdesk is leaving it to you):\n> ${escapeMrkdwn(quoted).replace(/\n/g, '\n> ')}`;
  const key = `${followUp.turnKey}:owner_note`;
  try {
    await deps.effects.once(
      key,
      async () => {
        const r = await deps.client.chat.postMessage({
          channel: where.channel,
          ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          text,
          metadata: effectMetadata(key),
        } as webApi.ChatPostMessageArguments);
        return { ts: r.ts ?? '' };
      },
      () => findPostedEffect(deps.client, where, key),
    );
  } catch (error) {
    // The follow-up is on the ticket's record either way; the note is how the owner hears of it sooner.
    deps.logger.error({ err: error, ticket_id: ticket.ticket_id }, 'owner note failed');
  }
}
