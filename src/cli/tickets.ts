// `memdesk tickets`: what is open, with priority and SLA due time.
import { withMemdesk, type CliIo } from './run.js';
import { clip, renderTable } from './table.js';

export async function ticketsCommand(opts: { json?: boolean }, io: CliIo): Promise<void> {
  await withMemdesk(async (memdesk) => {
    const tickets = await memdesk.tickets.list();
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
      pending_writebacks: pendingFor(t.ticket_id),
    }));
    if (opts.json) return io.out(JSON.stringify(shaped, null, 2));
    if (!shaped.length) io.out('No tickets yet.');
    if (pending.length) {
      io.out(`${pending.length} memory write-back(s) pending (replayed at start and with backoff):`);
      for (const w of pending) io.out(`  ${w.outbox_id} ticket ${w.ticket_id ?? '-'} → ${w.scope.kind}:${w.scope.id}, ${w.attempts} attempt(s), last error: ${w.last_error ?? '-'}`);
    }
    if (!shaped.length) return;
    io.out(
      renderTable(
        ['ticket', 'customer', 'account', 'issue', 'status', 'priority', 'SLA due', 'message'],
        tickets.map((t) => [t.ticket_id, t.customer_id, t.account_id, t.issue_type ?? '-', t.status, t.priority ?? '-', t.sla_due_at ?? '-', clip(t.message, 40)]),
      ),
    );
  });
}
