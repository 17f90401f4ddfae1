// `memdesk report`: support insights for a period (default the last 30 days), for everyone or one
// account; a table for people, one JSON object with --json.
import { memdeskError } from '../errors.js';
import { buildSupportReport, type Percentiles, type SupportReport } from '../insights/support-report.js';
import { duration, percent } from '../insights/report-text.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { renderTable } from './table.js';
import { unknownIdError } from './unknown-id.js';

const units: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `2w` back from now, or a date / instant (`2026-11-01`, `2026-11-01T09:00:00Z`). */
export function parseSince(text: string, now: Date): string {
  const relative = /^(\d+)([hdw])$/.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * units[relative[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text.trim()) && !Number.isNaN(Date.parse(text))) return new Date(text).toISOString();
  throw memdeskError('usage', `--since ${JSON.stringify(text)} is not a period: use a count of hours, days or weeks (12h, 30d, 2w) or a date (2026-11-01)`);
}

export async function reportCommand(opts: { since: string; account?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<SupportReport> {
  return withMemdesk(async (memdesk, config) => {
    const now = memdesk.clock.now();
    const since = parseSince(opts.since, now);
    const filter = { since, ...(opts.account ? { accountId: opts.account } : {}) };
    const report = buildSupportReport(await memdesk.report.read({ ...filter, now: now.toISOString() }), { ...filter, now });
    // An account outside the directory is still known by its tickets (senders placed by channel or domain).
    if (opts.account && !report.tickets && !memdesk.directory.accountIds().includes(opts.account)) {
      throw unknownIdError('account', opts.account, config.DIRECTORY_FILE, memdesk.directory.accountIds(), `no tickets of it since ${since}`);
    }
    io.out(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report;
  }, { io, env });
}

const pct = percent;

export function formatReport(r: SupportReport): string {
  const lines = [`Support since ${r.since}${r.account_id ? ` for ${r.account_id}` : ''}: ${r.tickets} ticket(s)`];
  if (!r.tickets) return lines.join('\n');
  const types = Object.keys(r.by_type).sort();
  lines.push('', 'Tickets by day and issue type:', renderTable(['day', ...types, 'total'], Object.entries(r.by_day).sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => [day, ...types.map((t) => String(n[t] ?? 0)), String(Object.values(n).reduce((a, b) => a + b, 0))])));
  const plans = [...new Set([...Object.keys(r.first_response_ms.by_plan), ...Object.keys(r.resolution_ms.by_plan), ...Object.keys(r.sla_compliance)])].sort();
  const times = (p: Percentiles | undefined) => [duration(p?.p50 ?? null), duration(p?.p90 ?? null)];
  lines.push(
    '',
    'Response times in business hours, and SLA compliance:',
    renderTable(
      ['plan', 'first response p50', 'p90', 'resolution p50', 'p90', 'SLA met'],
      [...plans.map((p) => [p, ...times(r.first_response_ms.by_plan[p]), ...times(r.resolution_ms.by_plan[p]), pct(r.sla_compliance[p] ?? null)]), ['all', ...times(r.first_response_ms), ...times(r.resolution_ms), '']],
    ),
  );
  if (r.breaches.length) {
    lines.push('', `SLA breaches (${r.breaches.length}):`, renderTable(['ticket', 'account', 'plan', 'clock', 'due', 'stopped'], r.breaches.map((b) => [b.ticket_id, b.account_id, b.plan, b.clock.replace('_', ' '), b.due_at, b.stopped_at ?? 'still running'])));
  }
  lines.push(
    '',
    `Answered without a person: ${pct(r.deflection_rate)}; marked helpful: ${pct(r.helpful_rate)}`,
    `Memory changed the action: ${pct(r.memory_changed_rate)}${r.memory_reasons.length ? ` (${r.memory_reasons.map((m) => `${m.reason}: ${m.tickets}`).join('; ')})` : ''}`,
    `Model fallbacks: ${r.fallbacks}; blocked tool calls: ${r.blocked_calls}; blocked replies: ${r.blocked_replies}; knowledge gaps: ${r.knowledge_gaps}`,
    '',
    'Top accounts:',
    renderTable(['account', 'tickets'], r.top_accounts.map((a) => [a.account_id, String(a.tickets)])),
  );
  return lines.join('\n');
}
