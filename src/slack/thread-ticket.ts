// A reply in a thread continues that thread's ticket, but only when the ticket's customer wrote it:
// staff chatting under a ticket, a colleague chiming in, or a reply under a message that never
// became a ticket is not a turn (the loop would refuse another customer's ticket anyway).
import type { Memdesk } from '../memdesk.js';
import type { SenderIdentity } from './sender-identity.js';

export type ThreadTurn =
  | { kind: 'continue'; ticketId: string; sender: SenderIdentity }
  | { kind: 'ignore'; reason: string };

export async function ticketForThreadReply(
  memdesk: Pick<Memdesk, 'findTicketByThread' | 'directory'>,
  reply: { user: string; channelId: string; threadTs: string },
  identify: () => Promise<SenderIdentity>,
): Promise<ThreadTurn> {
  const ticket = await memdesk.findTicketByThread(reply.channelId, reply.threadTs);
  if (!ticket) return { kind: 'ignore', reason: 'thread is not a ticket' };
  // Cheap checks first: identifying an unknown sender costs a users.info call.
  if (memdesk.directory.isStaff(reply.user)) return { kind: 'ignore', reason: 'staff reply in a ticket thread' };
  const sender = await identify();
  if (sender.identity.customer_id !== ticket.customer_id) {
    return { kind: 'ignore', reason: "reply from someone other than the ticket's customer" };
  }
  return { kind: 'continue', ticketId: ticket.ticket_id, sender };
}
