// Who wrote this message. The directory knows Slack user ids and Slack Connect channels; when it
// does not, the sender's email (users.info) may match a customer or an account's domain. If Slack
// will not tell us either, the ticket goes on as an unknown sender and the loop asks who they are.
import type { webApi } from '@slack/bolt';
import type { Directory, Identity } from '../core/ports.js';
import type { Logger } from '../log.js';

export interface SenderIdentity {
  /** Handed to the loop as the turn's identity: the sender is not resolved again. */
  identity: Identity;
}

export async function identifySender(
  directory: Directory,
  client: webApi.WebClient,
  sender: { slackUserId: string; channelId: string },
  logger: Logger,
): Promise<SenderIdentity> {
  const identity = directory.resolve(sender);
  if (identity.resolved_by !== 'unknown') return { identity };
  const email = await lookUpEmail(client, sender.slackUserId, logger);
  if (!email) return { identity };
  return { identity: directory.resolve({ ...sender, email }) };
}

async function lookUpEmail(client: webApi.WebClient, slackUserId: string, logger: Logger): Promise<string | undefined> {
  try {
    const info = await client.users.info({ user: slackUserId });
    return info.user?.profile?.email || undefined;
  } catch (error) {
    logger.warn({ err: error, slack_user_id: slackUserId }, 'users.info failed; continuing as an unknown sender');
    return undefined;
  }
}
