// One ticket turn from Slack, after the event was acknowledged, judged a ticket message and its
// sender identified: 👀 → the decision loop → replies and handoffs → ✅ when everything went out.
import type { webApi } from '@slack/bolt';
import type { Memdesk } from '../agent/ports.js';
import type { Logger } from '../log.js';
import type { TicketMessage } from './message-events.js';
import { escapeMrkdwn } from './markup.js';
import { postOutcome } from './post-outcome.js';
import type { SenderIdentity } from './sender-identity.js';

export interface TicketTurnDeps {
  memdesk: Memdesk;
  client: webApi.WebClient;
  escalationChannelId?: string;
  logger: Logger;
}

const apology =
  "Sorry, something went wrong on our side while looking into this. We've logged it and a person from the support team will follow up here.";

export async function runTicketTurn(
  message: TicketMessage & { ticketId?: string },
  sender: SenderIdentity,
  deps: TicketTurnDeps,
): Promise<void> {
  const { memdesk, client } = deps;
  const { identity, email } = sender;
  let logger = deps.logger.child({ channel: message.channelId, ts: message.ts, ticket_id: message.ticketId });
  await react(client, message, 'eyes', logger);

  let outcome;
  try {
    outcome = await memdesk.handleTicket({
      user: message.user,
      message: message.text,
      channelId: message.channelId,
      threadTs: message.threadTs,
      ...(message.ticketId ? { ticketId: message.ticketId } : {}),
      ...(email ? { email } : {}),
    });
  } catch (error) {
    logger.error({ err: error }, 'ticket turn failed');
    // The customer must not be left waiting in silence; staff find the error in the log.
    await client.chat
      .postMessage({ channel: message.channelId, thread_ts: message.threadTs, text: escapeMrkdwn(apology) })
      .catch((postError: unknown) => logger.error({ err: postError }, 'apology post failed'));
    await react(client, message, 'warning', logger);
    return;
  }

  logger = logger.child({ ticket_id: outcome.ticket_id, trace_id: outcome.trace_id });
  const failed = await postOutcome(
    outcome,
    { channelId: message.channelId, threadTs: message.threadTs, escalationChannelId: deps.escalationChannelId, sender: identity },
    { client, directory: memdesk.directory, logger },
  );
  await react(client, message, failed.length === 0 ? 'white_check_mark' : 'warning', logger);
  logger.info({ tools: outcome.tools_executed, failed }, 'slack ticket turn done');
}

async function react(client: webApi.WebClient, message: TicketMessage, name: string, logger: Logger): Promise<void> {
  try {
    await client.reactions.add({ channel: message.channelId, timestamp: message.ts, name });
  } catch (error) {
    // A reaction is a courtesy; failing to add one must not stop the ticket.
    logger.warn({ err: error, reaction: name }, 'reaction failed');
  }
}
