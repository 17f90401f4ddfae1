// The app's Home tab in Block Kit. Staff see the headline numbers for the last 7 and 30 days, the
// tickets they hold with their SLA clocks, and the breaches; customers see how to get help. Builders
// only; app-home.ts publishes them.
import type { types } from '@slack/bolt';
import type { Ticket } from '../core/ports.js';
import { dueTimes } from '../core/sla-clocks.js';
import type { SupportReport } from '../insights/support-report.js';
import { breachLines, headlineFields, utcTime } from './digest-blocks.js';
import { escapeMrkdwn } from './markup.js';

type KnownBlock = types.KnownBlock;
export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

/** A held ticket's line: what it is, and each running SLA clock's due time (overdue ones flagged). */
function heldTicketLine(t: Ticket, now: Date): string {
  const due = Object.entries(dueTimes(t.state.clocks))
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([clock, at]) => `${clock.replace('_due', '').replace('_', ' ')} due ${utcTime(at)}${Date.parse(at) < now.getTime() ? ' :warning: overdue' : ''}`);
  return `• \`${t.ticket_id}\` ${escapeMrkdwn(t.account_id)}, ${t.issue_type ?? 'other'}, ${t.priority ?? 'no'} priority: ${due.length ? due.join('; ') : 'no SLA clock running'}`;
}

export function staffHome(x: { week: SupportReport; month: SupportReport; held: Ticket[]; now: Date }): HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Support at a glance' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Last 7 days*' }, fields: headlineFields(x.week) },
      { type: 'section', text: { type: 'mrkdwn', text: '*Last 30 days*' }, fields: headlineFields(x.month) },
      { type: 'divider' },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Your open tickets (${x.held.length})*\n${x.held.length ? x.held.slice(0, 15).map((t) => heldTicketLine(t, x.now)).join('\n') : 'You hold no open tickets.'}` },
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*SLA breaches, last 30 days (${x.month.breaches.length})*\n${breachLines(x.month)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${utcTime(x.now.toISOString())}; times are UTC. \`/memory digest\` posts the weekly digest now.` }] },
    ],
  };
}

export function customerHome(): HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Getting help' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: "Post your question in your support channel and I'll answer in its thread, or bring in a person from the support team when it needs one. Say what you tried and what you see (an error message, an invoice number), and whether it blocks your work: that gets you the right answer sooner.",
        },
      },
    ],
  };
}
