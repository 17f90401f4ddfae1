// `memdesk ask`: one ticket through the whole loop, without Slack.
import type { TicketOutcome } from '../core/ports.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';

export async function askCommand(
  message: string,
  opts: { user: string; ticket?: string; memory: boolean; json?: boolean },
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<TicketOutcome> {
  return withMemdesk(async (memdesk) => {
    const outcome = await memdesk.handleTicket({ user: opts.user, message, ticketId: opts.ticket, memoryEnabled: opts.memory });
    if (opts.json) {
      // The documented shape: the turn's records stay out; the reading as documented (the record's reading).
      const { ticket: _ticket, identity: _identity, reading, assessment: _assessment, escalation: _escalation, csm_notice: _csmNotice, cited: _cited, source_line: _sourceLine, responded_at: _respondedAt, ...shape } = outcome;
      const { issue_type, confidence, severity, language, asks_for_human } = reading;
      io.out(JSON.stringify({ ...shape, reading: { issue_type, confidence, severity, language, asks_for_human } }, null, 2));
    } else {
      io.out(formatOutcome(outcome));
    }
    return outcome;
  }, { io, env });
}

export function formatOutcome(o: TicketOutcome): string {
  const lines = [
    `ticket ${o.ticket_id}  trace ${o.trace_id}  customer ${o.customer_id}  account ${o.account_id}`,
    `decided by ${o.decided_by}; memory ${o.memory_enabled ? (o.memory_unavailable ? 'unavailable' : 'on') : 'off'}`,
    `read as ${o.reading.issue_type} (${Math.round(o.reading.confidence * 100)}% sure), language ${o.reading.language}${o.reading.asks_for_human ? ', asks for a person' : ''}`,
    `retrieved: ${o.retrieved.customer.length} customer, ${o.retrieved.account.length} account memories`,
    ...[...o.retrieved.customer, ...o.retrieved.account].map((m) => `  (${m.score.toFixed(2)}) ${m.memory}`),
    `help center: ${o.knowledge.length ? '' : 'no article matched'}`,
    ...o.knowledge.map((k) => `  (${k.score.toFixed(2)}) ${k.article_id}${o.cited.includes(k.article_id) ? '  [cited]' : ''}`),
    'tool calls:',
    ...o.tool_calls.map((c) => `  ${c.status === 'executed' ? '✓' : '✗'} ${c.name}${c.reason ? ` — blocked: ${c.reason}` : ''}`),
    `status ${o.ticket.status}${o.ticket.priority ? `, priority ${o.ticket.priority}` : ''}${o.ticket.sla_due_at ? `, SLA due ${o.ticket.sla_due_at}` : ''}`,
    '',
    'reply to customer:',
    `  ${o.customer_response}`,
  ];
  if (o.handoff_brief) lines.push('', 'handoff brief:', ...o.handoff_brief.split('\n').map((l) => `  ${l}`));
  lines.push('', `memory value: ${o.mem0_value}`);
  if (o.usage) lines.push(`model usage: ${o.usage.prompt_tokens} prompt + ${o.usage.candidate_tokens} candidate tokens`);
  return lines.join('\n');
}
