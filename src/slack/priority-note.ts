// A follow-up raised an escalated ticket's priority (core/priority-raise.ts): the team hears it where
// they work on the ticket, in the escalation's thread (or the escalation channel when no post is
// found), with the new priority, why, and the customer's words; the owner, if any, is mentioned.
// Posted once per turn.
import type { webApi } from '@slack/bolt';
import type { TicketOutcome } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';
import { escapeMrkdwn, mentionUser } from './markup.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { escalationThread } from './escalation-thread.js';
import { permalink } from './post-outcome.js';

const quoteLimit = 600;

/** Posts the note when the turn raised the priority; returns false when it could not be posted. */
export async function notePriorityRaised(
  outcome: Pick<TicketOutcome, 'ticket' | 'priority_raised' | 'identity'>,
  followUp: { text: string; channelId: string; threadTs: string; turnKey: string },
  deps: { memdesk: Pick<Memdesk, 'tickets' | 'delivery'>; client: webApi.WebClient; escalationChannelId?: string; effects: EffectLedger; logger: Logger },
): Promise<boolean> {
  const raise = outcome.priority_raised;
  if (!raise) return true;
  const { ticket } = outcome;
  if (!deps.escalationChannelId) {
    deps.logger.warn({ ticket_id: ticket.ticket_id }, 'ESCALATION_CHANNEL_ID is not set; the team was not told of the raised priority');
    return true;
  }
  const threadTs = await escalationThread(deps.memdesk, ticket);
  const where = { channel: deps.escalationChannelId, ...(threadTs ? { threadTs } : {}) };
  const quoted = followUp.text.length > quoteLimit ? `${followUp.text.slice(0, quoteLimit)}…` : followUp.text;
  const link = await permalink(deps.client, followUp.channelId, followUp.threadTs);
  const text =
    `${ticket.owner ? `${mentionUser(ticket.owner)} ` : ''}Priority of ticket ${escapeMrkdwn(ticket.ticket_id)} raised from *${raise.from}* to *${raise.to}* ` +
    `(${escapeMrkdwn(raise.reasons.join(', '))}): ${escapeMrkdwn(outcome.identity.customer_name)} wrote again (<${link}|their thread>):\n` +
    `> ${escapeMrkdwn(quoted).replace(/\n/g, '\n> ')}`;
  const key = `${followUp.turnKey}:priority_note`;
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
    return true;
  } catch (error) {
    // The raised priority is on the ticket's record either way; the note is how the team hears of it sooner.
    deps.logger.error({ err: error, ticket_id: ticket.ticket_id }, 'priority note failed');
    return false;
  }
}
