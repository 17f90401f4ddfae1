// The escalation message's buttons. Take it marks the ticket escalated with its owner; Resolve closes
// it (the loop writes the resolution to memory). The message is then updated to show who did what,
// so the channel never shows a button for something already done.
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import type { Memdesk } from '../core/memdesk.js';
import type { Logger } from '../log.js';
import { escalationActionIds, escalationStatusUpdate } from './escalation-blocks.js';

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
      await memdesk.updateTicketStatus(ticketId, status, { actor });
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
