// /seed-memory and /memory: how staff put facts into memory and see what memdesk remembers.
// Staff only (STAFF_USER_IDS or staff in the directory); anyone else gets a polite refusal and nothing
// happens. Every command is acknowledged at once and answered ephemerally through `respond`.
import type { App, RespondFn } from '@slack/bolt';
import type { Identity, MemoryRecord } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { escapeMrkdwn, toPlainText } from './markup.js';
import { handBackToMemdesk } from './hand-back.js';
import { slackThreadReader } from './thread-reader.js';
import type { InboxWorker } from './inbox-worker.js';
import type { StaffMembers } from './staff-members.js';
import { newId } from '../ids.js';
import { effectLedger } from './effects.js';
import { postWeeklyDigest } from './weekly-digest-post.js';

export type StaffCommand =
  | { kind: 'seed_demo' }
  | { kind: 'seed_customer'; target: string; fact: string }
  | { kind: 'seed_account'; accountId: string; fact: string }
  | { kind: 'show_memory'; target: string }
  | { kind: 'hand_back'; ticketId: string }
  | { kind: 'post_digest' }
  | { kind: 'usage'; text: string };

const seedUsage =
  'Usage: `/seed-memory demo` · `/seed-memory @user <fact>` · `/seed-memory account <account-id> <fact>`';
const memoryUsage = 'Usage: `/memory @user` (or a customer id) · `/memory handback <ticket>` · `/memory digest`';

/** `/seed-memory` text (as Slack sends it, mentions escaped) → what to do. */
export function parseSeedMemory(text: string): StaffCommand {
  const trimmed = text.trim();
  if (/^demo$/i.test(trimmed)) return { kind: 'seed_demo' };
  const account = /^account\s+(\S+)\s+([\s\S]+)$/i.exec(trimmed);
  if (account) return { kind: 'seed_account', accountId: account[1] as string, fact: toPlainText(account[2] as string) };
  const customer = /^(\S+)\s+([\s\S]+)$/.exec(trimmed);
  const target = customer ? customerTarget(customer[1] as string) : undefined;
  if (customer && target) return { kind: 'seed_customer', target, fact: toPlainText(customer[2] as string) };
  return { kind: 'usage', text: seedUsage };
}

/** `/memory` text → whose memory to show, which ticket to hand back to memdesk, or the digest now. */
export function parseShowMemory(text: string): StaffCommand {
  if (/^digest$/i.test(text.trim())) return { kind: 'post_digest' };
  const handBack = /^hand-?back\s+(\S+)$/i.exec(text.trim());
  if (handBack) return { kind: 'hand_back', ticketId: handBack[1] as string };
  if (/^hand-?back$/i.test(text.trim())) return { kind: 'usage', text: memoryUsage };
  const target = customerTarget(text.trim());
  return target ? { kind: 'show_memory', target } : { kind: 'usage', text: memoryUsage };
}

/** `<@U123|ben>`, `<@U123>`, `U123` or a customer id like `cust_ben`. */
function customerTarget(token: string): string | undefined {
  const mention = /^<@([A-Z0-9]+)(\|[^>]*)?>$/.exec(token);
  if (mention) return mention[1];
  if (/^[A-Za-z0-9_.-]+$/.test(token)) return token;
  return undefined;
}

export function registerStaffCommands(app: App, memdesk: Memdesk, deps: { config: Config; logger: Logger; worker: Pick<InboxWorker, 'kick'>; staff: StaffMembers }): void {
  const { staff } = deps;
  const { isStaff } = staff;
  const effects = effectLedger(memdesk.delivery);
  const channel = deps.config.ESCALATION_CHANNEL_ID;
  // `/memory digest`: this week's digest in the escalation channel now, outside the schedule.
  const postDigestNow = async (logger: Logger): Promise<string> => {
    if (!channel) return 'ESCALATION_CHANNEL_ID is not set, so there is nowhere to post the digest.';
    const now = memdesk.clock.now();
    await postWeeklyDigest(now, { memdesk, client: app.client, escalationChannelId: channel, effects, logger, key: `digest:now:${newId('digest', now)}` });
    return `Posted this week's digest in <#${channel}>.`;
  };
  const listen = (name: string, parse: (text: string) => StaffCommand) =>
    app.command(name, async ({ command, ack, respond }) => {
      await ack();
      const logger = deps.logger.child({ command: name, user: command.user_id });
      if (!isStaff(command.user_id)) {
        logger.info('staff command refused: not staff');
        await say(respond, `Sorry, \`${name}\` is for the support team only, so nothing was changed. If you need help, post in the support channel and we'll pick it up.`);
        return;
      }
      try {
        const parsed = parse(command.text ?? '');
        await say(respond, parsed.kind === 'post_digest' ? await postDigestNow(logger) : await runStaffCommand(parsed, memdesk, command.user_id, (ticketId, actor) => handBackToMemdesk(ticketId, actor, { memdesk, thread: slackThreadReader(app.client, staff), kick: () => deps.worker.kick(), logger })));
      } catch (error) {
        logger.error({ err: error }, 'staff command failed');
        await say(respond, `Sorry, \`${name}\` failed: ${escapeMrkdwn(error instanceof Error ? error.message : String(error))}`);
      }
    });
  listen('/seed-memory', parseSeedMemory);
  listen('/memory', parseShowMemory);
}

export async function runStaffCommand(
  command: StaffCommand,
  memdesk: Memdesk,
  actor: string,
  /** Hands a ticket back (memdesk then answers a customer left waiting: hand-back.ts). */
  handBack: (ticketId: string, actor: string) => Promise<unknown> = (ticketId, by) => memdesk.handBackTicket(ticketId, { actor: by }),
): Promise<string> {
  switch (command.kind) {
    case 'usage':
      return command.text;
    case 'post_digest':
      return 'The digest is posted from Slack: run `/memory digest` there.';
    case 'seed_demo': {
      const seed = memdesk.demoSeed();
      const { written } = await memdesk.seed(seed, { actor });
      return `Seeded the demo memories: ${written} new of ${seed.length}.`;
    }
    case 'seed_customer': {
      const customer = findCustomer(memdesk, command.target);
      if (!customer) return `I can't find ${escapeMrkdwn(command.target)} in the directory, so nothing was saved.`;
      const { written } = await memdesk.seed([{ scope: 'customer', id: customer.customer_id, text: command.fact }], { actor });
      return savedReply(written, `${customer.customer_name} (${customer.customer_id})`, command.fact);
    }
    case 'seed_account': {
      const account = findAccount(memdesk, command.accountId);
      if (!account) return `I don't know the account ${escapeMrkdwn(command.accountId)}, so nothing was saved.`;
      const { written } = await memdesk.seed([{ scope: 'account', id: account.account_id, text: command.fact }], { actor });
      return savedReply(written, `${account.account_name} (${account.account_id})`, command.fact);
    }
    case 'hand_back': {
      const ticket = await memdesk.tickets.get(command.ticketId);
      if (!ticket) return `I can't find ticket ${escapeMrkdwn(command.ticketId)}.`;
      if (ticket.status === 'resolved') return `Ticket ${escapeMrkdwn(command.ticketId)} is already resolved.`;
      await handBack(command.ticketId, actor);
      const waiting = ticket.customer_waiting_since ? 'it answers what the customer wrote while they waited, and their next message' : "it answers the customer's next message";
      return `Ticket ${escapeMrkdwn(command.ticketId)} is handed back to memdesk: ${waiting}.`;
    }
    case 'show_memory': {
      const customer = findCustomer(memdesk, command.target);
      if (!customer) return `I can't find ${escapeMrkdwn(command.target)} in the directory.`;
      const [own, account] = await Promise.all([
        memdesk.memory.list({ kind: 'customer', id: customer.customer_id }),
        memdesk.memory.list({ kind: 'account', id: customer.account_id }),
      ]);
      return [
        memoryList(`${customer.customer_name} (${customer.customer_id})`, own),
        memoryList(`${customer.account_name} (${customer.account_id})`, account),
      ].join('\n\n');
    }
  }
}

function findCustomer(memdesk: Memdesk, target: string): Identity | undefined {
  const slackUser = /^[UW][A-Z0-9]{2,}$/.test(target);
  const identity = memdesk.directory.resolve(slackUser ? { slackUserId: target } : { customerId: target });
  return identity.resolved_by === 'unknown' ? undefined : identity;
}

function findAccount(memdesk: Memdesk, accountId: string): Identity | undefined {
  return memdesk.directory
    .customerIds()
    .map((id) => memdesk.directory.resolve({ customerId: id }))
    .find((identity) => identity.account_id === accountId);
}

function savedReply(written: number, whose: string, fact: string): string {
  const what = written > 0 ? 'Saved' : 'Already remembered';
  return `${what} for ${escapeMrkdwn(whose)}: ${escapeMrkdwn(fact)}`;
}

function memoryList(whose: string, memories: MemoryRecord[]): string {
  const title = `*${escapeMrkdwn(whose)}*`;
  if (memories.length === 0) return `${title}\nnothing remembered yet`;
  const lines = memories.map((m) => `• ${escapeMrkdwn(m.memory)} _(${escapeMrkdwn(m.updated_at.slice(0, 10))})_`);
  return `${title}\n${lines.join('\n')}`;
}

async function say(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', text });
}
