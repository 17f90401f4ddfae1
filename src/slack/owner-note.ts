// While a person holds a ticket the bot stays out of the customer's thread; what the customer adds
// there is shown to the owner instead: a short note in the escalation thread (or the escalation
// channel when the ticket was never escalated) that mentions them. When the follow-up raised the
// priority, or set one on a ticket that had none (core/held-follow-up.ts), the same note says so: one note, not two. Posted once per message.
import type { PriorityRaise } from '../core/priority-raise.js';
import type { Ticket } from '../core/ports.js';
import { escapeMrkdwn, mentionUser } from './markup.js';
import { postEscalationNote, type EscalationNoteDeps } from './escalation-note.js';
import { priorityChange } from './priority-note.js';

export async function tellOwner(
  ticket: Ticket,
  followUp: { customerName: string; text: string; channelId: string; threadTs: string; turnKey: string },
  raise: PriorityRaise | null,
  deps: EscalationNoteDeps,
): Promise<void> {
  const owner = ticket.owner;
  if (!owner) return;
  // The owner may hold it by Take it (the post is on the ticket) or by replying in the customer's thread.
  await postEscalationNote(
    ticket,
    {
      key: `${followUp.turnKey}:owner_note`,
      followUp,
      heading: (threadLink) =>
        `${mentionUser(owner)} ${escapeMrkdwn(followUp.customerName)} wrote again on ticket ${escapeMrkdwn(ticket.ticket_id)} (${threadLink}; memdesk is leaving it to you)` +
        (raise ? `; priority ${priorityChange(raise)}` : ''),
      unsent: 'ESCALATION_CHANNEL_ID is not set; the owner was not told of the follow-up',
      // The follow-up is on the ticket's record either way; the note is how the owner hears of it sooner.
      failed: 'owner note failed',
    },
    deps,
  );
}
