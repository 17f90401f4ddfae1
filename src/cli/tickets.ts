// `memdesk tickets`: what is open, with priority and SLA clocks; `--breaching` keeps the tickets
// whose running clocks are past or near (75% of the window) their due time.
import { dueTimes } from '../core/sla-clocks.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

export async function ticketsCommand(opts: { json?: boolean; breaching?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  await withMemdesk(async (memdesk) => {
    const now = memdesk.clock.now();
    const tickets = opts.breaching ? await memdesk.tickets.listAlerting(now) : await memdesk.tickets.list();
    const pending = await memdesk.writebacks.pending();
    const pendingFor = (id: string) => pending.filter((w) => w.ticket_id === id).length;
    const shaped = tickets.map((t) => ({
      ticket_id: t.ticket_id,
      customer_id: t.customer_id,
      account_id: t.account_id,
      status: t.status,
      priority: t.priority,
      sla_due_at: t.sla_due_at,
      created_at: t.created_at,
      ...(t.slack_channel ? { slack_channel: t.slack_channel } : {}),
      ...(t.slack_thread_ts ? { slack_thread_ts: t.slack_thread_ts } : {}),
      issue_type: t.issue_type,
      ...(t.owner ? { owner: t.owner } : {}),
      ...(t.first_response_at ? { first_response_at: t.first_response_at } : {}),
      ...(t.first_response_at && t.state.first_response_by ? { first_response_by: t.state.first_response_by } : {}),
      clocks: dueTimes(t.state.clocks),
      pending_writebacks: pendingFor(t.ticket_id),
    }));
    if (opts.json) return io.out(JSON.stringify(shaped, null, 2));
    if (!shaped.length) io.out(opts.breaching ? 'No ticket is past or near an SLA due time.' : 'No tickets yet.');
    if (pending.length) {
      io.out(`${pending.length} memory write-back(s) pending (replayed at start and with backoff):`);
      for (const w of pending) io.out(`  ${w.outbox_id} ticket ${w.ticket_id ?? '-'} → ${w.scope.kind}:${w.scope.id}, ${w.attempts} attempt(s), last error: ${w.last_error ?? '-'}`);
    }
    if (!shaped.length) return;
    io.out(
      renderTable(
        ['ticket', 'customer', 'account', 'issue', 'status', 'priority', 'next due', 'message'],
        tickets.map((t) => [t.ticket_id, t.customer_id, t.account_id, t.issue_type ?? '-', t.status, t.priority ?? '-', nextDue(t.state.clocks) ?? t.sla_due_at ?? '-', clip(t.message, 40)]),
      ),
    );
  }, { io, env });
}

/** The soonest due time among the running clocks, with the clock's name. */
function nextDue(clocks: Parameters<typeof dueTimes>[0]): string | undefined {
  const due = Object.entries(dueTimes(clocks)).filter((e): e is [string, string] => e[1] !== null);
  due.sort((a, b) => a[1].localeCompare(b[1]));
  return due[0] ? `${due[0][1]} (${due[0][0].replace('_due', '').replace('_', ' ')})` : undefined;
}
