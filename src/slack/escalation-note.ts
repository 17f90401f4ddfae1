// A short note to the team about a customer's follow-up, posted where they work on the ticket: the
// escalation's thread (or the escalation channel when no post is found). It quotes the customer's
// words and links their thread, and is posted once per key, so a retried turn never posts it twice.
import type { webApi } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';
import { escapeMrkdwn } from './markup.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { escalationThread } from './escalation-thread.js';
import { permalink } from './post-outcome.js';

const quoteLimit = 600;

export interface EscalationNoteDeps {
  memdesk: Pick<Memdesk, 'tickets' | 'delivery'>;
  client: webApi.WebClient;
  escalationChannelId?: string;
  effects: EffectLedger;
  logger: Logger;
}

export interface EscalationNote {
  /** Names the note among the turn's effects (the turn's key and the note's kind). */
  key: string;
  /** The customer's follow-up: quoted, and its thread linked. */
  followUp: { text: string; channelId: string; threadTs: string };
  /** The note's first line, given the link to the customer's thread; the quote follows it. */
  heading: (threadLink: string) => string;
  /** What the log says when ESCALATION_CHANNEL_ID is not set, and when the post fails. */
  unsent: string;
  failed: string;
}

/** Posts the note; returns false when it could not be posted (the ticket's record holds the follow-up either way). */
export async function postEscalationNote(ticket: Ticket, note: EscalationNote, deps: EscalationNoteDeps): Promise<boolean> {
  if (!deps.escalationChannelId) {
    deps.logger.warn({ ticket_id: ticket.ticket_id }, note.unsent);
    return true;
  }
  const threadTs = await escalationThread(deps.memdesk, ticket);
  const where = { channel: deps.escalationChannelId, ...(threadTs ? { threadTs } : {}) };
  const { followUp } = note;
  const quoted = followUp.text.length > quoteLimit ? `${followUp.text.slice(0, quoteLimit)}…` : followUp.text;
  const link = await permalink(deps.client, followUp.channelId, followUp.threadTs);
  const text = `${note.heading(`<${link}|their thread>`)}:\n> ${escapeMrkdwn(quoted).replace(/\n/g, '\n> ')}`;
  try {
    await deps.effects.once(
      note.key,
      async () => {
        const r = await deps.client.chat.postMessage({
          channel: where.channel,
          ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          text,
          metadata: effectMetadata(note.key),
        } as webApi.ChatPostMessageArguments);
        return { ts: r.ts ?? '' };
      },
      () => findPostedEffect(deps.client, where, note.key),
    );
    return true;
  } catch (error) {
    deps.logger.error({ err: error, ticket_id: ticket.ticket_id }, note.failed);
    return false;
  }
}
