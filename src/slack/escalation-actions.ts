// The escalation message's buttons. Take it makes the clicker the ticket's owner (the bot then stays
// out of the customer's thread); Hand back to memdesk returns it (memdesk answers a customer left
// waiting: hand-back.ts); Resolve closes it (the loop writes the resolution to memory). Only staff
// may press them: anyone else gets an ephemeral refusal, the refusal is logged, and nothing changes.
// The message is then updated to show who did what, so the channel never shows a button for
// something already done.
import type { App, BlockAction, ButtonAction, RespondFn, types } from '@slack/bolt';
import type { ThreadReader, Ticket } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { newId } from '../ids.js';
import { escalationActionIds, escalationStatusUpdate, type EscalationChange } from './escalation-blocks.js';
import { handBackToMemdesk } from './hand-back.js';
import { slackThreadReader } from './thread-reader.js';
import type { InboxWorker } from './inbox-worker.js';
import type { StaffMembers } from './staff-members.js';

const refusal = 'Sorry, only the support team can take, hand back or resolve tickets, so nothing was changed.';

export function registerEscalationActions(app: App, memdesk: Memdesk, deps: { config: Config; logger: Logger; worker: Pick<InboxWorker, 'kick'>; staff: StaffMembers }): void {
  const { staff } = deps;
  const listen = (actionId: string, change: EscalationChange) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const ticketId = action.value ?? '';
      const actor = body.user.id;
      const logger = deps.logger.child({ ticket_id: ticketId, actor, action: actionId });
      if (!staff.isStaff(actor)) {
        logger.warn('escalation button refused: not staff');
        await memdesk.operationLog.append({
          kind: 'staff_action_refused',
          detail: { actor, action: change },
          trace_id: newId('trace', memdesk.clock.now()),
          ticket_id: (await memdesk.tickets.get(ticketId)) ? ticketId : null,
        });
        await ephemeral(respond, refusal);
        return;
      }

      const current = await memdesk.tickets.get(ticketId);
      if (!current) {
        await ephemeral(respond, `I can't find ticket ${ticketId}.`);
        return;
      }
      // A second click (or a click on a stale message) must not resolve twice or re-open a resolved ticket.
      if (current.status === 'resolved') {
        await ephemeral(respond, `Ticket ${ticketId} is already resolved.`);
        return;
      }
      if (change === 'taken') await memdesk.takeTicket(ticketId, { actor, ...(body.message?.ts ? { escalationTs: body.message.ts } : {}) });
      else if (change === 'handed_back') await handBackToMemdesk(ticketId, actor, { memdesk, thread: slackThreadReader(client, staff), kick: () => deps.worker.kick(), logger });
      else {
        // What staff told the customer in the thread is the resolution: memory keeps it, and a question
        // the help center could not answer becomes a draft article from it.
        const note = await staffReplies(slackThreadReader(client, staff), current);
        await memdesk.updateTicketStatus(ticketId, 'resolved', { actor, ...(note ? { note } : {}) });
      }
      logger.info({ change }, 'ticket changed from Slack');

      if (body.channel?.id && body.message?.ts) {
        const blocks = (body.message.blocks ?? []) as types.KnownBlock[];
        const update = escalationStatusUpdate(blocks, { ticketId, status: change, actor });
        await client.chat.update({ channel: body.channel.id, ts: body.message.ts, ...update });
      }
    });
  listen(escalationActionIds.take, 'taken');
  listen(escalationActionIds.handBack, 'handed_back');
  listen(escalationActionIds.resolve, 'resolved');
}

/** The staff's replies in the customer's thread, oldest first, as plain text ('' when none or unreadable). */
async function staffReplies(thread: ThreadReader, ticket: Ticket): Promise<string> {
  if (!ticket.slack_channel || !ticket.slack_thread_ts) return '';
  try {
    const messages = await thread.read(ticket.slack_channel, ticket.slack_thread_ts);
    return messages
      .filter((m) => m.from === 'staff')
      .map((m) => m.text)
      .join('\n')
      .slice(0, 4000);
  } catch {
    return '';
  }
}

async function ephemeral(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}
