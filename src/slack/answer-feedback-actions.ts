// "Yes, solved" / "No, I need a person" under an answer from the help center. Only the ticket's
// customer (or staff) may answer: anyone else in a shared channel is told so, privately, and nothing
// changes. Yes resolves the ticket; No escalates it and posts the handoff like any escalation. Every
// post is keyed, and the use case takes one mark per answer, so a click Slack delivers twice does
// nothing the second time.
import type { App, BlockAction, ButtonAction, types, webApi } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { answerFeedbackActionIds, answerFeedbackUpdate } from './answer-blocks.js';
import { effectLedger, effectMetadata, findPostedEffect } from './effects.js';
import { handoffMessage } from './escalation-blocks.js';
import { escapeMrkdwn } from './markup.js';
import { permalink } from './post-outcome.js';

export function registerAnswerFeedbackActions(app: App, memdesk: Memdesk, deps: { config: Config; logger: Logger }): void {
  const effects = effectLedger(memdesk.delivery);
  const listen = (actionId: string, helpful: boolean) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const ticketId = action.value ?? '';
      const actor = body.user.id;
      const logger = deps.logger.child({ ticket_id: ticketId, actor, action: actionId });
      const ticket = await memdesk.tickets.get(ticketId);
      if (!ticket) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `I can't find ticket ${escapeMrkdwn(ticketId)}.` });
        return;
      }
      const customer = memdesk.directory.resolve({ customerId: ticket.customer_id });
      const isCustomer = memdesk.directory.resolve({ slackUserId: actor }).customer_id === ticket.customer_id;
      const isStaff = deps.config.STAFF_USER_IDS.includes(actor) || memdesk.directory.isStaff(actor);
      if (!isCustomer && !isStaff) {
        logger.info('answer feedback refused: not the ticket\'s customer or staff');
        await respond({ response_type: 'ephemeral', replace_original: false, text: `Only ${escapeMrkdwn(customer.customer_name)} can answer this.` });
        return;
      }

      const result = await memdesk.answerFeedback(ticketId, helpful, { actor });
      if (result.kind !== 'recorded') {
        logger.info({ kind: result.kind }, 'answer feedback already recorded; nothing changed');
        if (result.kind === 'already_marked') {
          await respond({ response_type: 'ephemeral', replace_original: false, text: result.helpful ? 'This answer is already marked solved.' : 'A person from our team already has this ticket.' });
        }
        return;
      }
      logger.info({ helpful, escalation: result.escalation?.escalation_id ?? null }, 'answer feedback recorded');

      const channel = body.channel?.id;
      const messageTs = body.message?.ts;
      if (channel && messageTs) {
        const update = answerFeedbackUpdate((body.message?.blocks ?? []) as types.KnownBlock[], { helpful, actor });
        await client.chat.update({ channel, ts: messageTs, ...update }).catch((error: unknown) => logger.warn({ err: error }, 'answer message update failed'));
      }
      if (helpful || !result.escalation) return;

      const threadTs = ticket.slack_thread_ts ?? undefined;
      const threadChannel = ticket.slack_channel ?? channel;
      const postOnce = (step: string, where: { channel: string; threadTs?: string }, message: { text: string; blocks?: types.KnownBlock[] }) => {
        const key = `${result.escalation!.escalation_id}:${step}`;
        return effects.once(
          key,
          async () => {
            const r = await client.chat.postMessage({ channel: where.channel, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), ...message, metadata: effectMetadata(key) } as webApi.ChatPostMessageArguments);
            return { ts: r.ts ?? '' };
          },
          () => findPostedEffect(client, where, key),
        );
      };
      if (threadChannel && threadTs) await postOnce('customer_reply', { channel: threadChannel, threadTs }, { text: escapeMrkdwn(result.reply) });
      const escalationChannel = deps.config.ESCALATION_CHANNEL_ID;
      if (!escalationChannel) {
        logger.warn('ESCALATION_CHANNEL_ID is not set; the escalation was not posted');
        return;
      }
      const threadLink = threadChannel && threadTs ? await permalink(client, threadChannel, threadTs) : undefined;
      await postOnce(
        'escalation',
        { channel: escalationChannel },
        handoffMessage({
          ticketId,
          customerName: customer.customer_name,
          customerId: ticket.customer_id,
          accountName: customer.account_name,
          accountId: ticket.account_id,
          priority: result.escalation.priority,
          slaDueAt: result.escalation.sla_due_at,
          reason: result.escalation.reason,
          handoffBrief: result.escalation.handoff_summary,
          memories: 'none',
          ...(ticket.state.clocks ? { clocks: ticket.state.clocks } : {}),
          ...(threadLink ? { threadLink } : {}),
          traceId: result.traceId,
        }),
      );
    });
  listen(answerFeedbackActionIds.solved, true);
  listen(answerFeedbackActionIds.needsPerson, false);
}
