// `memdesk report` over records written through the real loop, on SQLite and on PostgreSQL: the
// numbers a support lead sees, the --json shape, the --since and --account filters, and a bad flag
// named. The tickets are made by the Memdesk facade (as `memdesk ask` and the Slack app make them);
// the report is read with the command run in process (runCli, what the project's bin runs): its output
// and exit status are the point.
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { Memdesk } from '../../src/memdesk.js';
import type { SupportReport } from '../../src/insights/support-report.js';
import { memdeskStdout } from '../support/memdesk-cli.js';
import { DEMO_MESSAGE, testEnv } from '../support/memdesk-env.js';
import { functionCallResponse, jsonResponse, startGeminiServer } from '../support/gemini-server.js';
import { benEscalation, benUrgentFinal } from '../support/decider-fixtures.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';

const HOUR = 3_600_000;
// A Wednesday, 10:00 UTC: 05:00 in New York, four hours before the Pro plan's business day opens.
const NOW = '2026-11-25T10:00:00Z';
const TWO_DAYS_ON = '2026-11-27T10:00:00Z';

const pg = await requirePostgres();
const backends: { name: string; extra: () => Record<string, string> }[] = [
  { name: 'SQLite', extra: () => ({}) },
  ...(pg ? [{ name: 'PostgreSQL', extra: () => ({ DATABASE_URL: databaseUrlOn(pg) }) }] : []),
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function withMemdeskAt(env: NodeJS.ProcessEnv, now: string, fn: (m: Memdesk) => Promise<void>): Promise<void> {
  const memdesk = await compose(loadConfig({ ...env, MEMDESK_NOW: now }), { logger: pino({ level: 'silent' }) });
  try {
    await fn(memdesk);
  } finally {
    await memdesk.close();
  }
}

/**
 * Five tickets: one 40 days old, then four today (Ben, Fiona, Elena, Ava); Ben's is resolved by staff two business
 * hours in. A model decides Ben's and writes him that it refunded the charge, which no tool did: that reply is blocked.
 */
async function writeHistory(env: NodeJS.ProcessEnv) {
  const ids: Record<string, string> = {};
  await withMemdeskAt(env, '2026-10-16T10:00:00Z', async (m) => {
    await m.seed(m.demoSeed(), {});
    ids.old = (await m.handleTicket({ user: 'U0FIONA', message: 'How do I export my data to CSV?' })).ticket_id;
  });
  const gemini = await startGeminiServer();
  try {
    gemini.reply({ body: functionCallResponse([benEscalation('urgent', 'fc_1')]) }, { body: jsonResponse(benUrgentFinal({ customer_response: "I've refunded the duplicate charge and passed the rest to our billing team." })) });
    const withModel = { ...env, DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl, GEMINI_MODEL: 'gemini-test' };
    await withMemdeskAt(withModel, NOW, async (m) => {
      ids.ben = (await m.handleTicket({ user: 'U0BEN', message: DEMO_MESSAGE })).ticket_id;
    });
  } finally {
    await gemini.close();
  }
  await withMemdeskAt(env, NOW, async (m) => {
    ids.fiona = (await m.handleTicket({ user: 'U0FIONA', message: 'How do I export my data to CSV?' })).ticket_id;
    ids.elena = (await m.handleTicket({ user: 'U0ELENA', message: 'Our dashboard is down, nothing loads for anyone.' })).ticket_id;
    ids.ava = (await m.handleTicket({ user: 'U0AVA', message: 'How do I add a teammate to our workspace?' })).ticket_id;
  });
  // 16:00 UTC is 11:00 in New York: two business hours after the Pro day opened at 09:00.
  await withMemdeskAt(env, '2026-11-25T16:00:00Z', (m) => m.updateTicketStatus(ids.ben!, 'resolved', { actor: 'U0DANA', note: 'refunded' }).then(() => undefined));
  return ids as Record<'old' | 'ben' | 'fiona' | 'elena' | 'ava', string>;
}

describe.each(backends)('memdesk report on $name', ({ extra }) => {
  const env = testEnv(extra());
  dirs.push(env.MEMDESK_DATA_DIR);
  const memdesk = (args: string[]) => memdeskStdout(['report', ...args], { ...env, MEMDESK_NOW: TWO_DAYS_ON });
  const report = async (args: string[] = []) => JSON.parse(await memdesk([...args, '--json'])) as SupportReport;
  let ids: Awaited<ReturnType<typeof writeHistory>>;

  it('shows the last 30 days: volume, response times in business hours, SLA, deflection and what memory changed', { timeout: 180_000 }, async () => {
    ids = await writeHistory(env);
    const r = await report();
    expect(r.since).toMatch(/^2026-10-28T10:00/);
    expect(r.tickets).toBe(4);
    expect(r.by_type).toEqual({ billing: 1, how_to: 2, outage: 1 });
    expect(r.by_day).toEqual({ '2026-11-25': { billing: 1, how_to: 2, outage: 1 } });
    // memdesk answered Ava's how-to in the turn itself. Ben's and Elena's turns handed them to the team:
    // that reply only promised a person's answer, so it is no first response. Staff resolved Ben's without
    // a reply (his clock stopped, no response time); nobody has answered Elena yet.
    expect(r.first_response_ms).toMatchObject({ p50: 0, p90: 0, count: 1, by_plan: { pro: { count: 1 } } });
    expect(r.first_response_ms.by_plan.enterprise).toBeUndefined();
    // Ava's answer waits for her "Yes, solved" (the ticket waits on the customer); Ben's opened before the New
    // York business day and was resolved two business hours into it. Elena's is still open.
    expect(r.resolution_ms).toMatchObject({ count: 1, by_plan: { pro: { count: 1 } } });
    expect(Math.abs(r.resolution_ms.by_plan.pro!.p90! - 2 * HOUR)).toBeLessThan(60_000);
    // Nobody answered Elena's handoff: her Enterprise first-response clock ran out at the time she was
    // promised (four hours in), and her resolution clock (24 hours around the clock) a day ago.
    expect(r.sla_compliance).toEqual({ enterprise: 0, pro: 1 });
    expect(r.breaches).toEqual([
      { ticket_id: ids.elena, account_id: 'acct_globex', plan: 'enterprise', clock: 'first_response', due_at: expect.stringMatching(/^2026-11-25T14:00/), stopped_at: null },
      { ticket_id: ids.elena, account_id: 'acct_globex', plan: 'enterprise', clock: 'resolution', due_at: expect.stringMatching(/^2026-11-26T10:00/), stopped_at: null },
    ]);
    // Fiona's and Ava's how-to questions were answered without a person.
    expect(r.deflection_rate).toBe(0.5);
    expect(r.helpful_rate).toBeNull();
    // Memory changed the action where the same message with nothing remembered gets another one: Ben's
    // open promise turned a question about the invoice into an escalation; Elena's Enterprise plan made
    // her outage urgent (not medium) and her renewal tells her CSM. Fiona's and Ava's how-tos: no change.
    expect(r.memory_changed_rate).toBe(0.5);
    expect(r.memory_reasons).toContainEqual({ reason: 'open promise', tickets: 1 });
    expect(r.memory_reasons).toContainEqual({ reason: 'CSM notice', tickets: 1 });
    expect(r.memory_reasons.find((m) => m.reason === 'priority')?.tickets).toBeGreaterThanOrEqual(1);
    expect(r.fallbacks).toBe(0);
    expect(r.blocked_calls).toBe(0);
    // The model's reply to Ben claimed a refund no tool made: the customer read the policy engine's instead.
    expect(r.blocked_replies).toBe(1);
    expect(r.top_accounts).toEqual([
      { account_id: 'acct_northwind', tickets: 2 },
      { account_id: 'acct_fiona_studio', tickets: 1 },
      { account_id: 'acct_globex', tickets: 1 },
    ]);

    const table = await memdesk([]);
    expect(table).toMatch(/4 ticket\(s\)/);
    expect(table).toMatch(/enterprise .* 0%/);
    expect(table).toContain(`${ids.elena}  acct_globex  enterprise  resolution`);
    expect(table).toMatch(new RegExp(`${ids.elena}  acct_globex  enterprise  first response +2026-11-25T14:00`));
    expect(table).toMatch(/Answered without a person: 50%/);
    expect(table).toContain('Model fallbacks: 0; blocked tool calls: 0; blocked replies: 1; knowledge gaps: 0');
    expect(table).toMatch(/Memory changed the action: 50% \(.*open promise: 1/);
  });

  it('filters by period and by account', { timeout: 120_000 }, async () => {
    const longer = await report(['--since', '60d']);
    expect(longer.tickets).toBe(5);
    expect(longer.by_day['2026-10-16']).toEqual({ how_to: 1 });
    expect((await report(['--since', '2026-11-26'])).tickets).toBe(0);
    const northwind = await report(['--account', 'acct_northwind']);
    expect(northwind).toMatchObject({ account_id: 'acct_northwind', tickets: 2, blocked_replies: 1, by_type: { billing: 1, how_to: 1 }, memory_changed_rate: 0.5, breaches: [], top_accounts: [{ account_id: 'acct_northwind', tickets: 2 }] });
    expect(northwind.sla_compliance).toEqual({ pro: 1 });
  });

  it('names a bad flag', { timeout: 60_000 }, async () => {
    const failed = await memdesk(['--since', 'last-week']).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/--since "last-week" is not a period: use .*30d/);
    const unknown = await memdesk(['--weeks', '2']).then(
      () => undefined,
      (err: { stderr: string }) => err,
    );
    expect(unknown?.stderr).toMatch(/unknown option '--weeks'/);
  });
});
