// A follow-up raised an escalated ticket's priority (core/priority-raise.ts): the team hears it where
// they work on the ticket, in the escalation's thread (or the escalation channel when no post is
// found), with the new priority, why, and the customer's words; the owner, if any, is mentioned.
// Posted once per turn.
import type { TicketOutcome } from '../core/ports.js';
import type { PriorityRaise } from '../core/priority-raise.js';
import { escapeMrkdwn, mentionUser } from './markup.js';
import { postEscalationNote, type EscalationNoteDeps } from './escalation-note.js';

/** Posts the note when the turn raised the priority; returns false when it could not be posted. */
export async function notePriorityRaised(
  outcome: Pick<TicketOutcome, 'ticket' | 'priority_raised' | 'identity'>,
  followUp: { text: string; channelId: string; threadTs: string; turnKey: string },
  deps: EscalationNoteDeps,
): Promise<boolean> {
  const raise = outcome.priority_raised;
  if (!raise) return true;
  const { ticket } = outcome;
  return postEscalationNote(
    ticket,
    {
      key: `${followUp.turnKey}:priority_note`,
      followUp,
      heading: (threadLink) =>
        `${ticket.owner ? `${mentionUser(ticket.owner)} ` : ''}Priority of ticket ${escapeMrkdwn(ticket.ticket_id)} ${priorityChange(raise)}: ` +
        `${escapeMrkdwn(outcome.identity.customer_name)} wrote again (${threadLink})`,
      unsent: 'ESCALATION_CHANNEL_ID is not set; the team was not told of the raised priority',
      // The raised priority is on the ticket's record either way; the note is how the team hears of it sooner.
      failed: 'priority note failed',
    },
    deps,
  );
}

/** "raised from *medium* to *high* (production blocked)", or "set to *high* (…)" for a ticket that had no priority. */
export function priorityChange(raise: PriorityRaise): string {
  const change = raise.from ? `raised from *${raise.from}* to *${raise.to}*` : `set to *${raise.to}*`;
  return `${change} (${escapeMrkdwn(raise.reasons.join(', '))})`;
}
