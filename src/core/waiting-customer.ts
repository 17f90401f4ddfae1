// A customer who wrote while a person held the ticket is still waiting when it is handed back: nobody
// answered them, and handing back does not. What they wrote since the last reply by the team or the
// bot is read from the thread; when the thread cannot be read, from the ticket's own record (the
// follow-ups held for the owner since the customer began waiting), so they are answered now either way.
import type { OperationLog } from './events.js';
import type { Directory, ThreadReader, Ticket } from './ports.js';

/** The customer's unanswered messages as one: answered in the thread on the latest of them. */
export interface WaitingMessage {
  user: string;
  /** The latest unanswered message's id in the thread. */
  ts: string;
  text: string;
  /** Where it was found: the thread, or the record when the thread could not be read. */
  source: 'thread' | 'record';
}

export interface WaitingCustomerDeps {
  thread: ThreadReader;
  operationLog: OperationLog;
  directory: Directory;
}

/** What the ticket's customer wrote that nobody answered; undefined when nothing waits (or nothing is known). */
export async function waitingCustomerMessage(
  deps: WaitingCustomerDeps,
  ticket: Ticket,
  onUnreadable: (err: unknown) => void,
): Promise<WaitingMessage | undefined> {
  const channel = ticket.slack_channel;
  const threadTs = ticket.slack_thread_ts;
  if (!channel || !threadTs) return undefined;
  try {
    return fromThread(await deps.thread.read(channel, threadTs), ticket, threadTs, deps.directory);
  } catch (err) {
    onUnreadable(err);
    return fromRecord(deps.operationLog, ticket);
  }
}

function fromThread(messages: Awaited<ReturnType<ThreadReader['read']>>, ticket: Ticket, threadTs: string, directory: Directory): WaitingMessage | undefined {
  const lastAnswer = messages.map((m) => m.from !== 'customer').lastIndexOf(true);
  const waiting = messages
    .slice(lastAnswer + 1)
    .filter((m): m is typeof m & { user: string } => m.user !== null && m.ts !== threadTs)
    .filter((m) => directory.resolve({ slackUserId: m.user }).customer_id === ticket.customer_id);
  const latest = waiting.at(-1);
  if (!latest) return undefined;
  const text = waiting.map((m) => m.text).filter(Boolean).join('\n');
  return { user: latest.user, ts: latest.ts, text, source: 'thread' };
}

/** The follow-ups held for the owner since the customer began waiting (a reply to them clears the wait). */
async function fromRecord(operationLog: OperationLog, ticket: Ticket): Promise<WaitingMessage | undefined> {
  if (!ticket.customer_waiting_since) return undefined;
  const since = Date.parse(ticket.customer_waiting_since);
  const held = (await operationLog.read({ ticketId: ticket.ticket_id, kinds: ['customer_followup_held'] }))
    .filter((e) => Date.parse(e.at) >= since)
    .flatMap((e) => (e.detail.user && e.detail.message_ts ? [{ ...e.detail, user: e.detail.user, ts: e.detail.message_ts }] : []));
  const latest = held.at(-1);
  if (!latest) return undefined;
  return { user: latest.user, ts: latest.ts, text: held.map((e) => e.message).join('\n'), source: 'record' };
}
