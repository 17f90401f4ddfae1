// One ticket turn from Slack, after the event was acknowledged, judged a ticket message and its
// sender identified: 👀 → the decision loop → replies and handoffs → ✅ when everything went out.
import type { webApi } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Logger } from '../log.js';
import type { TicketMessage } from './message-events.js';
import type { MessageReading } from '../core/reading.js';
import { escapeMrkdwn } from './markup.js';
import { postOutcome } from './post-outcome.js';
import type { SenderIdentity } from './sender-identity.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { addReaction } from './reactions.js';
import { notePriorityRaised } from './priority-note.js';
import { personAnsweredFirst, type PersonAnswer } from '../core/answered-first.js';
import type { ThreadReader } from '../core/ports.js';

export interface TicketTurnDeps {
  memdesk: Memdesk;
  client: webApi.WebClient;
  escalationChannelId?: string;
  logger: Logger;
  effects: EffectLedger;
  /** The turn's memory write-back landed: the sender's waiting messages may rank higher now (inbox-ranks.ts). */
  learned?(sender: { slackUserId: string; channelId: string }): void;
  /**
   * The staff member whose reply in this thread came in while the turn ran and waits behind it in
   * this instance's inbox, if any: a person answered first, so memdesk must not talk over them.
   */
  personAnswered?(channelId: string, threadTs: string): PersonAnswer | undefined;
  /** The customer's thread in Slack: asked right before posting whether a person answered first (any instance's inbox, or none yet). */
  thread?: ThreadReader;
}

const apology =
  "Sorry, something went wrong on our side while looking into this. We've logged it and a person from the support team will follow up here.";

/**
 * One turn. `broadcast`: the customer wrote outside the ticket's thread (a follow-up at the top level,
 * or a reply under that follow-up); the answer goes in the ticket's thread and to the channel too
 * (`reply_broadcast`), where the customer is looking.
 */
export async function runTicketTurn(
  message: TicketMessage & { ticketId?: string; turnKey: string; broadcast?: boolean; read?: MessageReading },
  sender: SenderIdentity,
  deps: TicketTurnDeps,
): Promise<void> {
  const { memdesk, client, effects } = deps;
  let logger = deps.logger.child({ channel: message.channelId, ts: message.ts, ticket_id: message.ticketId, turn_key: message.turnKey });
  const react = (name: string) => addReaction(client, effects, message, name, logger);
  await react('eyes');

  let outcome;
  // Once the turn's write-back lands, this sender's waiting messages may rank higher (inbox-ranks.ts).
  const wroteBack = () => deps.learned?.({ slackUserId: message.user, channelId: message.channelId });
  try {
    outcome = await memdesk.handleTicket(
      {
        user: message.user,
        message: message.text,
        channelId: message.channelId,
        threadTs: message.threadTs,
        ...(message.ticketId ? { ticketId: message.ticketId } : {}),
        // Identified once, here: the loop and the posts below use this identity.
        identity: sender.identity,
        turnKey: message.turnKey,
        // Intake already read a joined follow-up to decide it joins: the turn takes that reading.
        ...(message.read ? { read: message.read } : {}),
      },
      { wroteBack },
    );
  } catch (error) {
    logger.error({ err: error }, 'ticket turn failed');
    // The customer must not be left waiting in silence; staff find the error in the log.
    const key = `${message.turnKey}:apology`;
    const where = { channel: message.channelId, threadTs: message.threadTs };
    await effects
      .once(
        key,
        async () => {
          const post = { channel: where.channel, thread_ts: where.threadTs, text: escapeMrkdwn(apology), metadata: effectMetadata(key) };
          const r = await client.chat.postMessage(message.broadcast ? { ...post, reply_broadcast: true } : post);
          return { ts: r.ts ?? '' };
        },
        () => findPostedEffect(client, where, key),
      )
      .catch((postError: unknown) => logger.error({ err: postError }, 'apology post failed'));
    await react('warning');
    return;
  }

  logger = logger.child({ ticket_id: outcome.ticket_id, trace_id: outcome.trace_id });
  // Asked as late as possible: a person may have answered during the quiet wait or the decision.
  // The ticket still opens and its handoff goes out; their reply is the customer's answer and makes it theirs.
  const answer = await answeredFirst(message, deps, logger);
  const person = answer?.person;
  if (answer) {
    logger.info({ staff: answer.person }, 'a person answered in the thread first; the reply to the customer is withheld');
    await memdesk.withholdReply(outcome.ticket_id, { ...answer, respondedAt: outcome.responded_at ? new Date(outcome.responded_at) : null });
  }
  const failed = await postOutcome(
    outcome,
    {
      channelId: message.channelId,
      threadTs: message.threadTs,
      escalationChannelId: deps.escalationChannelId,
      turnKey: message.turnKey,
      broadcast: message.broadcast ?? false,
      ...(person ? { withholdReply: true } : {}),
    },
    { client, directory: memdesk.directory, logger, effects },
  );
  const where = { text: message.text, channelId: message.channelId, threadTs: message.threadTs, turnKey: message.turnKey };
  if (!(await notePriorityRaised(outcome, where, { ...deps, memdesk }))) failed.push('priority_note');
  await react(failed.length === 0 ? 'white_check_mark' : 'warning');
  logger.info({ tools: outcome.tools_executed, failed }, 'slack ticket turn done');
}

/**
 * A person's answer in the thread after the customer's message: one this instance holds in its inbox,
 * else one the thread in Slack shows (another instance's, or not delivered yet). A thread that cannot
 * be read in time is logged and the reply goes out: it is never lost for the check.
 */
async function answeredFirst(message: TicketMessage, deps: TicketTurnDeps, logger: Logger): Promise<PersonAnswer | undefined> {
  const held = deps.personAnswered?.(message.channelId, message.threadTs);
  if (held || !deps.thread) return held;
  try {
    return await personAnsweredFirst(deps.thread, { channelId: message.channelId, threadTs: message.threadTs, afterTs: message.ts });
  } catch (err) {
    logger.warn({ err }, 'could not read the thread to see whether a person answered first; the reply goes out');
    return undefined;
  }
}
