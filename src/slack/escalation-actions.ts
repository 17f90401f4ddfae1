// The escalation message's buttons. Take it marks the ticket escalated with its owner; Resolve closes
// it (the loop writes the resolution to memory). The message is then updated to show who did what,
// so the channel never shows a button for something already done.
import type { App, BlockAction, ButtonAction, types, webApi } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import type { Memdesk } from '../core/memdesk.js';
import type { Logger } from '../log.js';
import { escalationActionIds, escalationStatusUpdate } from './escalation-blocks.js';
import { toPlainText } from './markup.js';

export function registerEscalationActions(app: App, memdesk: Memdesk, deps: { logger: Logger }): void {
  const listen = (actionId: string, status: 'escalated' | 'resolved') =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const ticketId = action.value ?? '';
      const actor = body.user.id;
      const logger = deps.logger.child({ ticket_id: ticketId, actor, action: actionId });

      const current = await memdesk.tickets.get(ticketId);
      if (!current) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `I can't find ticket ${ticketId}.` });
        return;
      }
      // A second click (or a click on a stale message) must not resolve twice or re-open a resolved ticket.
      if (current.status === 'resolved') {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `Ticket ${ticketId} is already resolved.` });
        return;
      }
      // What staff told the customer in the thread is the resolution: memory keeps it, and a question
      // the help center could not answer becomes a draft article from it.
      const note = status === 'resolved' ? await staffReplies(client, memdesk, current) : undefined;
      await memdesk.updateTicketStatus(ticketId, status, { actor, ...(note ? { note } : {}) });
      logger.info({ status }, 'ticket status changed from Slack');

      if (body.channel?.id && body.message?.ts) {
        const blocks = (body.message.blocks ?? []) as types.KnownBlock[];
        const update = escalationStatusUpdate(blocks, { ticketId, status: status === 'resolved' ? 'resolved' : 'taken', actor });
        await client.chat.update({ channel: body.channel.id, ts: body.message.ts, ...update });
      }
    });
  listen(escalationActionIds.take, 'escalated');
  listen(escalationActionIds.resolve, 'resolved');
}

/** The staff's replies in the customer's thread, oldest first, as plain text ('' when none or unreadable). */
async function staffReplies(client: webApi.WebClient, memdesk: Memdesk, ticket: Ticket): Promise<string> {
  if (!ticket.slack_channel || !ticket.slack_thread_ts) return '';
  try {
    const page = await client.conversations.replies({ channel: ticket.slack_channel, ts: ticket.slack_thread_ts, limit: 200 });
    return (page.messages ?? [])
      .filter((m) => m.user && !m.bot_id && memdesk.directory.isStaff(m.user))
      .map((m) => toPlainText(m.text ?? ''))
      .join('\n')
      .slice(0, 4000);
  } catch {
    return '';
  }
}
