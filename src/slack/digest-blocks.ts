// The weekly digest as staff see it in the escalation channel: the headline numbers, the SLA
// breaches, the accounts with most tickets and the open knowledge gaps, in Block Kit. Builder only;
// posting is in weekly-digest-post.ts.
import type { types } from '@slack/bolt';
import type { SupportReport } from '../insights/support-report.js';
import { duration, percent } from '../insights/report-text.js';
import type { WeeklyDigest } from '../insights/weekly-digest.js';
import { escapeMrkdwn } from './markup.js';

type KnownBlock = types.KnownBlock;
const shown = 8;

/** The few numbers a lead reads first: volume, speed, SLA, deflection, memory. Shared with the App Home. */
export function headlineFields(r: SupportReport): { type: 'mrkdwn'; text: string }[] {
  const plans = Object.entries(r.sla_compliance);
  return [
    { type: 'mrkdwn', text: `*Tickets*\n${r.tickets}` },
    { type: 'mrkdwn', text: `*First response p50 / p90*\n${duration(r.first_response_ms.p50)} / ${duration(r.first_response_ms.p90)}` },
    { type: 'mrkdwn', text: `*Resolution p50 / p90*\n${duration(r.resolution_ms.p50)} / ${duration(r.resolution_ms.p90)}` },
    { type: 'mrkdwn', text: `*SLA met*\n${plans.length ? plans.map(([plan, share]) => `${plan} ${percent(share)}`).join(', ') : '-'}` },
    { type: 'mrkdwn', text: `*Answered without a person*\n${percent(r.deflection_rate)} (helpful ${percent(r.helpful_rate)})` },
    { type: 'mrkdwn', text: `*Memory changed the action*\n${percent(r.memory_changed_rate)}` },
  ];
}

/** A time in a list of many accounts' tickets: UTC, unnamed (the message names UTC once, in a heading or a footnote). */
export const utcTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** SLA breaches, oldest due first, at most `shown` lines and a count of the rest; due times in UTC, unnamed. */
export function breachLines(r: SupportReport): string {
  if (!r.breaches.length) return 'No SLA breaches.';
  const lines = r.breaches.slice(0, shown).map((b) => `• \`${b.ticket_id}\` ${escapeMrkdwn(b.account_id)} (${b.plan}): ${b.clock.replace('_', ' ')} due ${utcTime(b.due_at)}, ${b.stopped_at ? 'answered late' : 'still running'}`);
  return [...lines, ...(r.breaches.length > shown ? [`…and ${r.breaches.length - shown} more`] : [])].join('\n');
}

export function digestBlocks(d: WeeklyDigest): { text: string; blocks: KnownBlock[] } {
  const r = d.report;
  const title = `Weekly support digest: ${d.since.slice(0, 10)} to ${d.until.slice(0, 10)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', fields: headlineFields(r) },
    { type: 'section', text: { type: 'mrkdwn', text: `*SLA breaches (${r.breaches.length})*${r.breaches.length ? ' (times in UTC)' : ''}\n${breachLines(r)}` } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Accounts with most tickets*\n${r.top_accounts.length ? r.top_accounts.slice(0, 5).map((a) => `• ${escapeMrkdwn(a.account_id)}: ${a.tickets}`).join('\n') : 'No tickets this week.'}`,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Top knowledge gaps*\n${d.gaps.length ? d.gaps.map((g) => `• ${escapeMrkdwn(g.topic)}: ${g.questions} question(s), latest "${escapeMrkdwn(g.latest.slice(0, 140))}"`).join('\n') : 'No open knowledge gaps.'}`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Run \`memdesk report --since 7d\` for the full report.` }] },
  ];
  return { text: `${title}: ${r.tickets} tickets, ${r.breaches.length} SLA breaches`, blocks };
}
