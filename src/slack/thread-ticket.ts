// A reply in a thread continues that thread's ticket, but only when the ticket's customer wrote it:
// staff chatting under a ticket, a colleague chiming in, or a reply under a message that never
// became a ticket is not a turn (the loop would refuse another customer's ticket anyway).
// One exception: a customer's top-level follow-up that joined their open ticket (intake) has a
// thread of its own in Slack. A reply there from that customer continues the ticket the follow-up
// joined; left alone it would go unanswered.
import type { Ticket } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { SenderIdentity } from './sender-identity.js';

export type ThreadTurn =
  | { kind: 'continue'; ticketId: string; sender: SenderIdentity }
  /** A reply under the customer's own follow-up: it continues the ticket that follow-up joined, outside its thread. */
  | { kind: 'follow_up'; ticket: Ticket & { slack_thread_ts: string }; sender: SenderIdentity }
  | { kind: 'ignore'; reason: string };

export async function ticketForThreadReply(
  memdesk: Pick<Memdesk, 'findTicketByThread' | 'findIntakeTicket' | 'directory'>,
  reply: { user: string; channelId: string; threadTs: string; parentUserId?: string },
  identify: () => Promise<SenderIdentity>,
): Promise<ThreadTurn> {
  const ticket = await memdesk.findTicketByThread(reply.channelId, reply.threadTs);
  if (!ticket) return followUpThread(memdesk, reply, identify);
  // Cheap checks first: identifying an unknown sender costs a users.info call.
  if (memdesk.directory.isStaff(reply.user)) return { kind: 'ignore', reason: 'staff reply in a ticket thread' };
  const sender = await identify();
  if (sender.identity.customer_id !== ticket.customer_id) {
    return { kind: 'ignore', reason: "reply from someone other than the ticket's customer" };
  }
  return { kind: 'continue', ticketId: ticket.ticket_id, sender };
}

/**
 * The thread's top message is no ticket. When the customer wrote it themselves and it fell within
 * the intake window of their open ticket here, it joined that ticket (a message that did not join
 * opened a ticket of its own, found above): the reply goes where its top message went.
 */
async function followUpThread(
  memdesk: Pick<Memdesk, 'findIntakeTicket' | 'directory'>,
  reply: { user: string; channelId: string; threadTs: string; parentUserId?: string },
  identify: () => Promise<SenderIdentity>,
): Promise<ThreadTurn> {
  const notATicket = { kind: 'ignore', reason: 'thread is not a ticket' } as const;
  if (reply.parentUserId !== reply.user || memdesk.directory.isStaff(reply.user)) return notATicket;
  const sender = await identify();
  const joined = (await memdesk.findIntakeTicket({ customerId: sender.identity.customer_id, channelId: reply.channelId, ts: reply.threadTs }))?.ticket;
  if (!joined?.slack_thread_ts) return notATicket;
  return { kind: 'follow_up', ticket: { ...joined, slack_thread_ts: joined.slack_thread_ts }, sender };
}
