// The Insights section of the local workspace page, in real headless Chromium, after
// `memdesk demo --history 90d` wrote the past into the workspace's data dir: every number in the
// charts' tables equals what `memdesk report --json` prints over the same data, for the default 30
// days and for 90; each chart is an image with a name and its table has a caption; nothing is fetched
// from anywhere but the workspace. Both commands run in process (runCli, what the project's bin runs):
// their output and records are the point.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SupportReport } from '../../src/insights/support-report.js';
import { memdeskStdout } from '../support/memdesk-cli.js';
import { testEnv } from '../support/memdesk-env.js';
import { browserTestsRun, closeWorkspaceInBrowser, openWorkspaceInBrowser, screenshotOnFailure, type WorkspaceInBrowser } from './browser.js';

const env = testEnv();
const memdesk = (args: string[]) => memdeskStdout(args, env);
const report = async (since: string) => JSON.parse(await memdesk(['report', '--since', since, '--json'])) as SupportReport;

// How the page writes numbers, written again here from the JSON: shares to a tenth of a percent,
// durations in hours to a tenth.
const percent = (share: number | null | undefined) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}%`);
const hours = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${(ms / 3_600_000).toFixed(1)} h`);

let open: WorkspaceInBrowser | undefined;
let page: Page;
const requested: string[] = [];

describe.skipIf(!browserTestsRun)('Insights on the local workspace page', () => {
  beforeAll(async () => {
    await memdesk(['demo', '--history', '90d']);
    open = await openWorkspaceInBrowser(env, {
      viewport: { width: 1600, height: 1000 },
      timeoutMs: 20_000,
      beforeLoad: (p) => p.on('request', (req) => requested.push(req.url())),
    });
    page = open.page;
  }, 900_000);
  beforeEach(screenshotOnFailure(() => page, 'insights'));
  afterAll(() => closeWorkspaceInBrowser(open));

  /** A table's body as rows of cell text (row header first), found by its caption. */
  const table = (caption: string) =>
    page
      .locator('#insights table')
      .filter({ has: page.locator('caption', { hasText: caption }) })
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));

  async function expectTablesToShow(r: SupportReport) {
    const headline = await page.locator('#insights .headline-item').evaluateAll((items) => Object.fromEntries(items.map((i) => [(i as HTMLElement).dataset.measure, i.querySelector('dd')?.textContent])));
    expect(headline).toEqual({ tickets: String(r.tickets), breaches: String(r.breaches.length), fallbacks: String(r.fallbacks), blocked_calls: String(r.blocked_calls), blocked_replies: String(r.blocked_replies), knowledge_gaps: String(r.knowledge_gaps) });

    const types = Object.keys(r.by_type).sort();
    const head = await page.locator('#insights-volume thead th').allTextContents();
    expect(head).toEqual(['Day', ...types.map((t) => t.replace('_', ' ')), 'Total']);
    const volume = await table('Tickets by day and issue type');
    const days = Object.keys(r.by_day).sort();
    expect(volume).toEqual([
      ...days.map((d) => [d, ...types.map((t) => String(r.by_day[d]![t] ?? 0)), String(Object.values(r.by_day[d]!).reduce((a, b) => a + b, 0))]),
      ['All days', ...types.map((t) => String(r.by_type[t])), String(r.tickets)],
    ]);

    const plans = [...new Set([...Object.keys(r.first_response_ms.by_plan), ...Object.keys(r.resolution_ms.by_plan)])].sort();
    const times = await table('Response and resolution times by plan');
    const row = (label: string, f: SupportReport['first_response_ms'] | undefined, res: SupportReport['resolution_ms'] | undefined) => [label, hours(f?.p50), hours(f?.p90), String(f?.count ?? 0), hours(res?.p50), hours(res?.p90), String(res?.count ?? 0)];
    expect(times).toEqual([...plans.map((p) => row(p, r.first_response_ms.by_plan[p] as never, r.resolution_ms.by_plan[p] as never)), row('all plans', r.first_response_ms, r.resolution_ms)]);

    expect(await table('SLA compliance by plan')).toEqual(
      Object.keys(r.sla_compliance)
        .sort()
        .map((p) => [p, percent(r.sla_compliance[p]), String(r.breaches.filter((b) => b.plan === p).length)]),
    );
    expect(await table('Deflection, helpful and memory-changed rates')).toEqual([
      ['Answered without a person', percent(r.deflection_rate)],
      ['Marked helpful', percent(r.helpful_rate)],
      ['Memory changed the action', percent(r.memory_changed_rate)],
    ]);
    expect(await table('Why memory changed the action')).toEqual(r.memory_reasons.map((m) => [m.reason, String(m.tickets)]));
    expect(await table('Top accounts by tickets')).toEqual(r.top_accounts.map((a) => [a.account_id, String(a.tickets)]));
    expect(await table('SLA breaches')).toEqual(r.breaches.map((b) => [b.ticket_id, b.account_id, b.plan, b.clock.replace('_', ' '), b.due_at, b.stopped_at ?? 'still running']));
  }

  it('shows the last 30 days as memdesk report --json counts them', async () => {
    const r = await report('30d');
    expect(r.tickets).toBeGreaterThan(100);
    await page.locator('#insights-since', { hasText: `${r.tickets} tickets` }).waitFor();
    // The period's start is about no account: it is said in UTC, and says so.
    expect(await page.locator('#insights-since').textContent()).toBe(`Since ${r.since.slice(0, 10)} ${r.since.slice(11, 16)} UTC: ${r.tickets} tickets.`);
    await expectTablesToShow(r);
  });

  it('shows 90 days when the period changes', async () => {
    const r = await report('90d');
    await page.getByLabel('Period').selectOption('90');
    await page.locator('#insights-since', { hasText: `${r.tickets} tickets` }).waitFor();
    await expectTablesToShow(r);
    expect(Object.keys(r.by_day).length).toBeGreaterThan(75);
  });

  it('draws every chart as a named inline SVG image with a captioned table beside it, fetching nothing from elsewhere', async () => {
    const figures = page.locator('#insights figure.chart');
    expect(await figures.count()).toBe(4);
    for (const figure of await figures.all()) {
      const svg = figure.locator('svg[role="img"]').first();
      const labelledBy = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      expect(labelledBy).toHaveLength(2);
      for (const id of labelledBy) expect((await page.locator(`#${id}`).textContent())!.length).toBeGreaterThan(10);
      expect(await svg.locator('rect').count()).toBeGreaterThan(0);
      expect((await figure.locator('table caption').textContent())!.length).toBeGreaterThan(5);
    }
    // The accessible names a screen reader announces for the four charts.
    const names = await page.locator('#insights svg[role="img"]').evaluateAll((svgs) => svgs.map((s) => s.querySelector('title')?.textContent));
    expect(names).toEqual([
      expect.stringMatching(/^Tickets by day since \d{4}-\d{2}-\d{2}, stacked by issue type$/),
      'First response and resolution times by plan, in business hours (p50 and p90)',
      'SLA compliance by plan: share of tickets with no breached clock',
      'Deflection, helpful marks and memory-changed actions, as shares',
    ]);
    const origin = new URL(open!.workspace.url).origin;
    expect(requested.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
  });
});
