// `memdesk demo --history 90d`: two fresh data dirs get the same history, so `memdesk report --json`
// over them is the same object; the report over it has something in every section the Insights page
// draws; a second run into the same data dir adds nothing; a bad period is named. Each command runs in
// process (runCli, what the project's bin runs): its output, exit status and records are the point.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SupportReport } from '../../src/insights/support-report.js';
import { memdeskStdout as memdesk } from '../support/memdesk-cli.js';
import { testEnv } from '../support/memdesk-env.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('memdesk demo --history', () => {
  const first = testEnv();
  const second = testEnv();
  dirs.push(first.MEMDESK_DATA_DIR, second.MEMDESK_DATA_DIR);

  it('writes the same 90 days twice: identical report JSON, with something in every section', { timeout: 900_000 }, async () => {
    const [a, b] = await Promise.all([memdesk(['demo', '--history', '90d', '--json'], first), memdesk(['demo', '--history', '90d', '--json'], second)]);
    const written = JSON.parse(a) as { from: string; to: string; tickets: number; escalated: number; resolved_by_staff: number; closed_by_staff: number; feedback: number };
    // The experiment's replies name its new tickets, whose ids differ from run to run.
    const withoutTicketIds = (json: string) => JSON.parse(json.replace(/tkt_[a-z0-9]+/g, 'tkt_…')) as unknown;
    expect(withoutTicketIds(b)).toEqual(withoutTicketIds(a));
    // testEnv pins the clock at 2026-11-25T10:00Z: the 90 whole days before that day.
    expect(written).toMatchObject({ from: '2026-08-27T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' });
    expect(written.tickets).toBeGreaterThan(300);

    // From the history's first day: `--since 90d` would count back from a pinned clock that still ticks
    // on while the command runs, so its `since` differs by milliseconds between two runs.
    const report = async (env: NodeJS.ProcessEnv) => JSON.parse(await memdesk(['report', '--since', '2026-08-27', '--json'], env)) as SupportReport;
    const [r, again] = await Promise.all([report(first), report(second)]);
    expect(again).toEqual(r);

    // The history's tickets, then the experiment's seven (six customers' messages and Ben's follow-up) today.
    expect(r.tickets).toBe(written.tickets + 7);
    expect(written).toMatchObject({ experiment: expect.arrayContaining([expect.objectContaining({ customer_id: 'cust_ben', phase: 'seeded', priority: 'urgent' })]) });
    // Volume: nearly every day of the period (a quiet Sunday may have none), every kind of question.
    expect(r.since).toBe('2026-08-27T00:00:00.000Z');
    expect(Object.keys(r.by_day).length).toBeGreaterThan(75);
    expect(Object.keys(r.by_type).sort()).toEqual(expect.arrayContaining(['access', 'billing', 'feature_request', 'how_to', 'outage', 'security']));
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const perDay = (days: string[]) => days.reduce((n, d) => n + Object.values(r.by_day[d]!).reduce((x, y) => x + y, 0), 0) / days.length;
    const days = Object.keys(r.by_day);
    expect(perDay(days.filter((d) => weekday(d) >= 1 && weekday(d) <= 5))).toBeGreaterThan(3 * perDay(days.filter((d) => weekday(d) === 0 || weekday(d) === 6)));
    // Response and resolution times on both plans with SLA targets; resolutions take real time.
    expect(Object.keys(r.first_response_ms.by_plan).sort()).toEqual(['enterprise', 'pro']);
    expect(r.resolution_ms.by_plan.pro!.count).toBeGreaterThan(5);
    expect(r.resolution_ms.by_plan.enterprise!.count).toBeGreaterThan(5);
    expect(r.resolution_ms.p90!).toBeGreaterThan(r.resolution_ms.p50!);
    expect(r.resolution_ms.p50!).toBeGreaterThan(0);
    // Some SLAs held, some broke, on each plan.
    for (const plan of ['enterprise', 'pro']) {
      expect(r.sla_compliance[plan]).toBeGreaterThan(0.8);
      expect(r.sla_compliance[plan]).toBeLessThan(1);
      expect(r.breaches.some((x) => x.plan === plan)).toBe(true);
    }
    // Answered without a person, with helpful and unhelpful marks; memory changed some actions.
    expect(r.deflection_rate).toBeGreaterThan(0.1);
    expect(r.helpful_rate).toBeGreaterThan(0.5);
    expect(r.helpful_rate).toBeLessThan(1);
    expect(r.memory_changed_rate).toBeGreaterThan(0);
    expect(r.memory_reasons.length).toBeGreaterThan(0);
    expect(r.knowledge_gaps).toBeGreaterThan(0);
    // The model was down two afternoons (the policy engine took over) and over-reached now and then.
    expect(r.fallbacks).toBeGreaterThan(0);
    expect(r.blocked_calls).toBeGreaterThan(0);
    // The three demo accounts and the dozen more are all there; the busiest are in the top ten.
    expect(r.top_accounts).toHaveLength(10);
    expect(r.top_accounts.map((x) => x.account_id)).toEqual(expect.arrayContaining(['acct_northwind', 'acct_globex']));
    const fiona = JSON.parse(await memdesk(['report', '--since', '2026-08-27', '--account', 'acct_fiona_studio', '--json'], first)) as SupportReport;
    expect(fiona.tickets).toBeGreaterThan(5);
    // Free has no SLA targets: its tickets have no clocks to meet or break.
    expect(fiona.sla_compliance).toEqual({});

    // A second run into the same data dir finds every past ticket written and adds none of them; only
    // the experiment runs again (today's volume grows by its seven tickets, the past days stay as they were).
    const rerun = JSON.parse(await memdesk(['demo', '--history', '90d', '--json'], first)) as { tickets: number; skipped: number };
    expect(rerun).toMatchObject({ tickets: 0, skipped: written.tickets });
    const after = await report(first);
    expect(after.tickets).toBe(r.tickets + 7);
    const pastDays = (x: SupportReport) => Object.fromEntries(Object.entries(x.by_day).filter(([day]) => day < '2026-11-25'));
    expect(pastDays(after)).toEqual(pastDays(r));
  });

  it('names a bad period', async () => {
    const env = testEnv();
    dirs.push(env.MEMDESK_DATA_DIR);
    const failed = await memdesk(['demo', '--history', 'three months'], env).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/--history "three months" is not a period: use a count of days up to 365 \(90d\)/);
  });
});
