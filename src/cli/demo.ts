// `memdesk demo`: the before/after experiment. The same message from three customers, first with
// memory off (baseline), then after the demo seed; the action should change, not just the greeting.
import type { TicketOutcome } from '../core/ports.js';
import type { Memdesk } from '../memdesk.js';
import { DEMO_CUSTOMERS, DEMO_MESSAGE } from '../demo.js';
import { steppedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { historyDecider } from '../demo-history/history-decider.js';
import { modelOutages } from '../demo-history/history-script.js';
import { historyWindow, writeHistory, type HistorySummary } from '../demo-history/write-history.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

export interface DemoRow {
  customer_id: string;
  name: string;
  phase: 'baseline' | 'seeded';
  tools_executed: string[];
  priority: string | null;
  customer_response: string;
  ticket_id: string;
  decided_by: string;
}

export async function runDemo(memdesk: Memdesk): Promise<{ rows: DemoRow[]; followUp: TicketOutcome }> {
  const rows: DemoRow[] = [];
  const record = (phase: DemoRow['phase'], o: TicketOutcome) =>
    rows.push({
      customer_id: o.customer_id,
      name: memdesk.directory.resolve({ customerId: o.customer_id }).customer_name,
      phase,
      tools_executed: o.tools_executed,
      priority: o.ticket.priority,
      customer_response: o.customer_response,
      ticket_id: o.ticket_id,
      decided_by: o.decided_by,
    });
  for (const user of DEMO_CUSTOMERS) record('baseline', await memdesk.handleTicket({ user, message: DEMO_MESSAGE, memoryEnabled: false }));
  await memdesk.seed(memdesk.demoSeed(), { actor: 'demo' });
  for (const user of DEMO_CUSTOMERS) record('seeded', await memdesk.handleTicket({ user, message: DEMO_MESSAGE, memoryEnabled: true }));
  // Ben writes again: the outcome stored a moment ago must now be part of what memdesk retrieves.
  const followUp = await memdesk.handleTicket({ user: 'cust_ben', message: 'Any update on the double charge?', memoryEnabled: true });
  return { rows, followUp };
}

export async function demoCommand(opts: { json?: boolean; history?: string }, io: CliIo, env: NodeJS.ProcessEnv): Promise<DemoRow[] | (HistorySummary & { experiment: Omit<DemoRow, 'ticket_id' | 'decided_by'>[] })> {
  if (opts.history === undefined) return experimentCommand(opts, io, env);
  // The history first, so the experiment's tickets come after it, as they would in a real workspace.
  const summary = await demoHistoryCommand({ history: opts.history, ...(opts.json ? { json: true } : {}) }, io, env);
  // With --json, one object holds both: the experiment's own output is kept back.
  const experiment = await experimentCommand(opts, opts.json ? { out: () => undefined, err: io.err } : io, env);
  const both = { ...summary, experiment: experiment.map(({ ticket_id: _t, decided_by: _d, ...row }) => row) };
  if (opts.json) io.out(JSON.stringify(both, null, 2));
  return both;
}

/** The before/after experiment, in namespaces of its own. */
async function experimentCommand(opts: { json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<DemoRow[]> {
  // Each demo run gets namespaces of its own so earlier runs and real data never leak in.
  const runId = newId('demo').slice(5);
  return withMemdesk(
    async (memdesk) => {
      const { rows, followUp } = await runDemo(memdesk);
      if (opts.json) {
        io.out(JSON.stringify(rows.map(({ ticket_id: _t, decided_by: _d, ...r }) => r), null, 2));
        return rows;
      }
      io.out(`Message: "${DEMO_MESSAGE}"\n`);
      io.out(
        renderTable(
          ['customer', 'phase', 'tools executed', 'priority', 'reply to customer'],
          rows.map((r) => [`${r.name} (${r.customer_id})`, r.phase, r.tools_executed.join(' + '), r.priority ?? '-', clip(r.customer_response, 70)]),
        ),
      );
      const stored = followUp.retrieved.customer.filter((m) => /ticket tkt_/.test(m.memory));
      io.out(
        `\nBen writes again ("Any update on the double charge?"): ${stored.length ? 'memdesk retrieved the outcome it stored:' : 'no stored outcome retrieved'}`,
      );
      for (const m of stored) io.out(`  ${clip(m.memory, 140)}`);
      io.out(`→ ${followUp.tools_executed.join(' + ')}${followUp.ticket.priority ? ` (${followUp.ticket.priority})` : ''}`);
      return rows;
    },
    { io, env, configure: (c) => ({ ...c, MEMDESK_NAMESPACE: `${c.MEMDESK_NAMESPACE}.demo-${runId}` }) },
  );
}

/**
 * `memdesk demo --history 90d`: the past tickets of the demo accounts and a dozen more, written into
 * this data dir and namespace (the ones the page and `memdesk report` read); the experiment runs after it.
 */
async function demoHistoryCommand(opts: { history: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<HistorySummary> {
  const days = /^(\d{1,3})d$/.exec(opts.history.trim());
  if (!days || Number(days[1]) < 1 || Number(days[1]) > 365) throw memdeskError('usage', `--history ${JSON.stringify(opts.history)} is not a period: use a count of days up to 365 (90d)`);
  const config = loadConfig(env);
  const now = config.MEMDESK_NOW ? new Date(config.MEMDESK_NOW) : new Date();
  const window = historyWindow(Number(days[1]), now);
  const clock = steppedClock(new Date(window.start));
  const outages = modelOutages(Number(days[1]), window.end);
  const summary = await withMemdesk((memdesk) => writeHistory(memdesk, clock, { days: Number(days[1]), now }), {
    io,
    env,
    compose: { clock, wrapDecider: (decider) => historyDecider(decider, { clock, outages }) },
  });
  if (opts.json) return summary;
  io.out(
    `Demo history ${summary.from.slice(0, 10)} to ${summary.to.slice(0, 10)}: ${summary.tickets} ticket(s) written` +
          `${summary.skipped ? ` (${summary.skipped} already there)` : ''}, ${summary.escalated} handed to staff, ${summary.resolved_by_staff} resolved by staff, ${summary.closed_by_staff} answer(s) closed by staff, ${summary.feedback} helpful mark(s).\n` +
          'See it with `memdesk report --since 90d` or in the Insights section of the local workspace (npm start).',
  );
  return summary;
}
