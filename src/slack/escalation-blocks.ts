// What staff see in the escalation channel: one Block Kit message per escalated ticket with
// everything needed to pick it up without opening the customer's thread first, the Take it /
// Resolve buttons, and the CSM notice threaded under it. Builders only; posting is elsewhere.
import type { types } from '@slack/bolt';
import type { TicketOutcome } from '../core/ports.js';
import { escapeMrkdwn, mentionUser } from './markup.js';
import { dueTimes, type TicketClocks } from '../core/sla-clocks.js';
import { wallClock, zoneName } from '../core/local-time.js';
import { memoriesThatBore } from '../core/memory-effect.js';

type KnownBlock = types.KnownBlock;

export const escalationActionIds = {
  take: 'memdesk_take_ticket',
  handBack: 'memdesk_hand_back_ticket',
  resolve: 'memdesk_resolve_ticket',
} as const;
type EscalationButton = keyof typeof escalationActionIds;
const buttonLabels: Record<EscalationButton, string> = { take: 'Take it', handBack: 'Hand back to memdesk', resolve: 'Resolve' };

/** What a button press did to the ticket. */
export type EscalationChange = 'taken' | 'handed_back' | 'resolved';
const actionsBlockId = 'memdesk_ticket_actions';
const statusBlockId = 'memdesk_ticket_status';

// Slack rejects section text over 3000 characters.
const sectionLimit = 2900;

export interface EscalationView {
  outcome: TicketOutcome;
  customerName: string;
  accountName: string;
  priority: string;
  reason?: string;
  handoffBrief: string;
  /** Link to the customer's thread (chat.getPermalink, or a constructed archive link). */
  threadLink?: string;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function escalationMessage(view: EscalationView): SlackMessage {
  const { outcome } = view;
  return handoffMessage({
    ticketId: outcome.ticket_id,
    customerName: view.customerName,
    customerId: outcome.customer_id,
    accountName: view.accountName,
    accountId: outcome.account_id,
    priority: view.priority,
    slaDueAt: outcome.ticket.sla_due_at,
    ...(view.reason ? { reason: view.reason } : {}),
    handoffBrief: view.handoffBrief,
    memories: memoryLines(outcome),
    ...(outcome.ticket.state.clocks ? { clocks: outcome.ticket.state.clocks } : {}),
    ...(view.threadLink ? { threadLink: view.threadLink } : {}),
    traceId: outcome.trace_id,
  });
}

export interface HandoffView {
  ticketId: string;
  customerName: string;
  customerId: string;
  accountName: string;
  accountId: string;
  priority: string;
  slaDueAt: string | null;
  reason?: string;
  handoffBrief: string;
  /** mrkdwn lines of the memories that changed the action ('none' when none). */
  memories: string;
  /** The ticket's SLA clocks, shown as due times in the account's timezone. */
  clocks?: TicketClocks;
  threadLink?: string;
  traceId: string;
}

/** The handoff post itself, whatever escalated the ticket (a turn, or a customer's "No, I need a person"). */
export function handoffMessage(view: HandoffView): SlackMessage {
  const who = `${view.customerName} (${view.customerId})`;
  const account = `${view.accountName} (${view.accountId})`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Escalation ${view.ticketId}`, 150) } },
    {
      type: 'section',
      fields: [
        field('Customer', escapeMrkdwn(who)),
        field('Account', escapeMrkdwn(account)),
        field('Priority', escapeMrkdwn(view.priority)),
        field('SLA due', view.slaDueAt ? slackDate(view.slaDueAt) : 'none'),
      ],
    },
  ];
  if (view.reason) blocks.push(section(`*Reason*\n${escapeMrkdwn(view.reason)}`));
  blocks.push(section(`*Handoff brief*\n${escapeMrkdwn(view.handoffBrief || 'none')}`));
  const clockLines = dueTimeLines(view.clocks);
  if (clockLines) blocks.push(section(clockLines));
  blocks.push(section(`*Memories that changed the action*\n${view.memories}`));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: view.threadLink
          ? `<${view.threadLink}|Customer's thread> · trace ${escapeMrkdwn(view.traceId)}`
          : `trace ${escapeMrkdwn(view.traceId)}`,
      },
    ],
  });
  blocks.push(actionsBlock(view.ticketId, ['take', 'resolve']));
  return { text: `Escalation ${view.ticketId}: ${who}, ${view.priority} priority`, blocks };
}

/**
 * The escalation message after a button: who did what, and the buttons that still apply (a taken
 * ticket can be handed back or resolved; a handed-back one taken again; a resolved one nothing).
 */
export function escalationStatusUpdate(
  current: readonly KnownBlock[],
  change: { ticketId: string; status: EscalationChange; actor: string },
): SlackMessage {
  const kept = current.filter((b) => b.block_id !== actionsBlockId && b.block_id !== statusBlockId);
  const who = mentionUser(change.actor);
  const line = {
    taken: `:raising_hand: Taken by ${who}`,
    handed_back: `:leftwards_arrow_with_hook: Handed back to memdesk by ${who}`,
    resolved: `:white_check_mark: Resolved by ${who}`,
  }[change.status];
  const blocks: KnownBlock[] = [...kept, { type: 'context', block_id: statusBlockId, elements: [{ type: 'mrkdwn', text: line }] }];
  if (change.status === 'taken') blocks.push(actionsBlock(change.ticketId, ['handBack', 'resolve']));
  if (change.status === 'handed_back') blocks.push(actionsBlock(change.ticketId, ['take', 'resolve']));
  const text = `Escalation ${change.ticketId} ${{ taken: 'taken', handed_back: 'handed back to memdesk', resolved: 'resolved' }[change.status]}`;
  return { text, blocks };
}

export interface CsmNoticeView {
  ticketId: string;
  accountName: string;
  accountId: string;
  customerName: string;
  /** The CSM's Slack user, when the directory knows them. */
  csmSlackUserId?: string;
  csmName?: string;
  riskReason: string;
  handoffSummary: string;
}

export function csmNoticeMessage(view: CsmNoticeView): SlackMessage {
  const addressee = view.csmSlackUserId
    ? mentionUser(view.csmSlackUserId)
    : escapeMrkdwn(view.csmName ?? 'Customer success');
  const text =
    `${addressee} CSM notice for *${escapeMrkdwn(view.accountName)}* (${escapeMrkdwn(view.accountId)}), ` +
    `ticket ${escapeMrkdwn(view.ticketId)} from ${escapeMrkdwn(view.customerName)}\n` +
    `*Why:* ${escapeMrkdwn(view.riskReason)}\n*Handoff:* ${escapeMrkdwn(view.handoffSummary)}`;
  return { text: truncate(text, 3900), blocks: [section(text)] };
}

/** The retrieved memories the decision rested on (core/memory-effect.ts), and how many others it left aside. */
function memoryLines(outcome: TicketOutcome): string {
  const bore = memoriesThatBore(outcome.assessment);
  const { customer, account } = outcome.retrieved;
  const lines = [
    ...customer.filter((m) => bore.has(m.id)).map((m) => `• ${escapeMrkdwn(m.memory)} _(customer)_`),
    ...account.filter((m) => bore.has(m.id)).map((m) => `• ${escapeMrkdwn(m.memory)} _(account)_`),
  ];
  const others = customer.length + account.length - lines.length;
  const aside = others > 0 ? `_${others} other retrieved ${others === 1 ? 'memory' : 'memories'} did not bear on this request_` : '';
  if (lines.length === 0) return aside ? `none\n${aside}` : 'none';
  const effect = outcome.mem0_value && outcome.mem0_value !== 'none' ? `\n_${escapeMrkdwn(outcome.mem0_value)}_` : '';
  return lines.join('\n') + effect + (aside ? `\n${aside}` : '');
}

function actionsBlock(ticketId: string, buttons: EscalationButton[]): KnownBlock {
  return {
    type: 'actions',
    block_id: actionsBlockId,
    elements: buttons.map((b) => ({
      type: 'button' as const,
      action_id: escalationActionIds[b],
      value: ticketId,
      text: { type: 'plain_text' as const, text: buttonLabels[b] },
      ...(b === 'take' ? { style: 'primary' as const } : {}),
    })),
  };
}

function field(label: string, value: string) {
  return { type: 'mrkdwn' as const, text: `*${label}*\n${value}` };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, sectionLimit) } };
}

/** Slack renders this in each reader's time zone; the fallback is for clients that cannot. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  if (Number.isNaN(seconds)) return escapeMrkdwn(iso);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso}>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The running clocks' due times in the account's timezone, one a line under a heading that names the zone once (empty without clocks). */
function dueTimeLines(clocks: TicketClocks | undefined): string {
  if (!clocks) return '';
  const due = dueTimes(clocks);
  const tz = clocks.business_hours.timezone;
  const lines = [
    due.first_response_due ? `First response due ${wallClock(due.first_response_due, tz)}` : '',
    due.next_response_due ? `Next response due ${wallClock(due.next_response_due, tz)}` : '',
    due.resolution_due ? `Resolution due ${wallClock(due.resolution_due, tz)}` : '',
  ].filter(Boolean);
  return lines.length ? [`*SLA clocks* (times in ${zoneName(tz)})`, ...lines].join('\n') : '';
}
