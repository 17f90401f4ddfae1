// A ticket turn's result, said in Slack: the reply in the customer's thread, the escalation post in
// the escalation channel, and the CSM notice threaded under it. Each post is made once; a failure is
// logged and reported to the caller rather than retried (a retry could post twice).
import type { webApi } from '@slack/bolt';
import type { TicketOutcome } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';
import { csmNoticeMessage, escalationMessage } from './escalation-blocks.js';
import { escapeMrkdwn } from './markup.js';
import { answerMessage, answerText } from './answer-blocks.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';

export interface OutcomeTarget {
  channelId: string;
  threadTs: string;
  escalationChannelId?: string;
  /** Names this turn's effects (the inbox item): each post goes out once, even across a crash. */
  turnKey: string;
  /** The customer wrote outside the thread: the reply is also sent to the channel (`reply_broadcast`). */
  broadcast?: boolean;
  /** A person answered in the thread while the turn ran: the reply to the customer is not posted (the handoff still is). */
  withholdReply?: boolean;
}

/** Posts everything the outcome calls for; returns the steps that failed (empty when all went out). */
export async function postOutcome(
  outcome: TicketOutcome,
  target: OutcomeTarget,
  deps: { client: webApi.WebClient; directory: Memdesk['directory']; logger: Logger; effects: EffectLedger },
): Promise<string[]> {
  const { client, logger, effects } = deps;
  // One keyed post: recorded before and after; a crash in between is settled by looking in Slack.
  const postOnce = (step: string, where: { channel: string; threadTs?: string }, message: { text: string } & Record<string, unknown>) => {
    const key = `${target.turnKey}:${step}`;
    return effects.once(
      key,
      async () => {
        const r = await client.chat.postMessage({
          channel: where.channel,
          ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          ...message,
          metadata: effectMetadata(key),
        } as unknown as webApi.ChatPostMessageArguments);
        return { ts: r.ts ?? '' };
      },
      () => findPostedEffect(client, where, key),
    );
  };
  const failed: string[] = [];
  const attempt = async <T>(step: string, post: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await post();
    } catch (error) {
      logger.error({ err: error, step }, 'slack post failed');
      failed.push(step);
      return undefined;
    }
  };

  // An answer from the help center carries its link and "Was this helpful?"; any other reply is plain text.
  const reply = outcome.cited.length && outcome.tools_executed.includes('answer_customer')
    ? answerMessage(answerText(outcome.customer_response, outcome.source_line), outcome.ticket_id)
    : { text: escapeMrkdwn(outcome.customer_response) };
  const alsoToChannel = target.broadcast ? { reply_broadcast: true } : {};
  if (!target.withholdReply) {
    await attempt('customer_reply', () => postOnce('customer_reply', { channel: target.channelId, threadTs: target.threadTs }, { ...reply, ...alsoToChannel }));
  }

  const { escalation, csm_notice: csmNotice } = outcome;
  if (!escalation && !csmNotice) return failed;
  if (!target.escalationChannelId) {
    logger.warn({ ticket_id: outcome.ticket_id }, 'ESCALATION_CHANNEL_ID is not set; escalation and CSM notice not posted');
    return failed;
  }
  const escalationChannel = target.escalationChannelId;
  // The turn's own identity: for an unknown sender, the names Slack gave them.
  const names = { customerName: outcome.identity.customer_name, accountName: outcome.identity.account_name };

  let escalationTs: string | undefined;
  if (escalation) {
    const threadLink = await permalink(client, target.channelId, target.threadTs);
    const message = escalationMessage({
      outcome,
      ...names,
      priority: outcome.ticket.priority ?? escalation.priority,
      reason: escalation.reason,
      handoffBrief: outcome.handoff_brief || escalation.handoff_summary,
      threadLink,
    });
    const posted = await attempt('escalation', () => postOnce('escalation', { channel: escalationChannel }, { ...message }));
    escalationTs = posted?.ts;
  }

  if (csmNotice) {
    const csm = csmNotice.csm_name ? deps.directory.staffByName(csmNotice.csm_name) : undefined;
    const message = csmNoticeMessage({
      ticketId: outcome.ticket_id,
      accountId: outcome.account_id,
      ...names,
      csmSlackUserId: csm?.slack_user_id,
      csmName: csmNotice.csm_name ?? undefined,
      riskReason: csmNotice.risk_reason,
      handoffSummary: csmNotice.handoff_summary,
    });
    await attempt('csm_notice', () =>
      postOnce('csm_notice', { channel: escalationChannel, ...(escalationTs ? { threadTs: escalationTs } : {}) }, { ...message }),
    );
  }
  return failed;
}

/** Per Web API client (one workspace): the start of its message links, learned from one chat.getPermalink answer. */
const linkStarts = new WeakMap<webApi.WebClient, string>();

/**
 * The link to a thread's root message. A root message's permalink is the workspace's address then
 * /archives/<channel>/p<ts without its dot>, so once Slack has answered one, the rest are made here
 * (a Web API call less per escalation); an answer of any other form is never learned from.
 */
export async function permalink(client: webApi.WebClient, channel: string, ts: string): Promise<string> {
  const path = `/archives/${channel}/p${ts.replace('.', '')}`;
  const start = linkStarts.get(client);
  if (start !== undefined) return start + path;
  try {
    const result = await client.chat.getPermalink({ channel, message_ts: ts });
    if (result.permalink) {
      const learned = result.permalink.endsWith(path) ? result.permalink.slice(0, -path.length) : undefined;
      if (learned !== undefined && /^https:\/\/[^/?#]+$/.test(learned)) linkStarts.set(client, learned);
      return result.permalink;
    }
  } catch {
    // Fall through: Slack redirects the archive form of the link to the right workspace.
  }
  return `https://slack.com${path}`;
}
