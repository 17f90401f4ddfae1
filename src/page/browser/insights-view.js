// The Insights section: the support report (the same JSON `memdesk report --json` prints) drawn as
// charts, each with its numbers in a table: volume by day stacked by issue type, response and
// resolution times by plan, SLA compliance by plan, and the rates (answered without a person, marked
// helpful, memory changed the action); then the headline counts, breaches, reasons and top accounts.
import { h } from './dom.js';
import { chartFigure, dataTable, horizontalBars, stackedBars } from './svg-charts.js';

const typeColours = {
  billing: '#1f77b4',
  outage: '#d62728',
  security: '#7b3294',
  access: '#ff7f0e',
  how_to: '#2ca02c',
  cancellation: '#8c564b',
  feature_request: '#17becf',
  other: '#7f7f7f',
};
const colour = { p50: '#4e79a7', p90: '#a0cbe8', firstP50: '#59a14f', firstP90: '#8cd17d', share: '#4e79a7' };

/** Shares as the tables show them: one decimal of a percent. */
const percent = (share) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}%`);
/** Durations as the tables show them: hours with one decimal. */
const hours = (ms) => (ms === null || ms === undefined ? '–' : `${(ms / 3_600_000).toFixed(1)} h`);
const typeLabel = (type) => type.replace('_', ' ');

export function renderInsights(container, report) {
  container.classList.toggle('is-empty', report.tickets === 0);
  const body = container.querySelector('#insights-body');
  if (report.tickets === 0) {
    body.replaceChildren();
    return;
  }
  const since = report.since.slice(0, 10);
  body.replaceChildren(headline(report), volume(report, since), responseTimes(report), slaCompliance(report), rates(report), details(report));
}

function headline(r) {
  const item = (label, value, name) => h('div', { class: 'headline-item', 'data-measure': name }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'dl',
    { class: 'headline', 'aria-label': 'Headline numbers' },
    item('Tickets', String(r.tickets), 'tickets'),
    item('SLA breaches', String(r.breaches.length), 'breaches'),
    item('Model fallbacks', String(r.fallbacks), 'fallbacks'),
    item('Blocked tool calls', String(r.blocked_calls), 'blocked_calls'),
    item('Blocked replies', String(r.blocked_replies), 'blocked_replies'),
    item('Knowledge gaps', String(r.knowledge_gaps), 'knowledge_gaps'),
  );
}

function volume(r, since) {
  const days = Object.keys(r.by_day).sort();
  const types = Object.keys(r.by_type).sort();
  const svg = stackedBars({
    id: 'chart-volume',
    title: `Tickets by day since ${since}, stacked by issue type`,
    description: `${r.tickets} tickets on ${days.length} days; the busiest day had ${Math.max(...days.map((d) => total(r.by_day[d])))}.`,
    // Every day of the period on the axis, a day without tickets as a gap; the table lists the days with tickets.
    categories: everyDay(since, days.at(-1) ?? since),
    series: types.map((t) => ({ key: t, label: typeLabel(t), colour: typeColours[t] ?? typeColours.other })),
    value: (day, type) => r.by_day[day]?.[type] ?? 0,
  });
  const table = dataTable(
    'Tickets by day and issue type',
    ['Day', ...types.map(typeLabel), 'Total'],
    [...days.map((d) => [d, ...types.map((t) => String(r.by_day[d][t] ?? 0)), String(total(r.by_day[d]))]), ['All days', ...types.map((t) => String(r.by_type[t])), String(r.tickets)]],
  );
  return chartFigure('insights-volume', 'Volume by day and issue type', svg, table, types.map((t) => ({ label: typeLabel(t), colour: typeColours[t] ?? typeColours.other })));
}

function responseTimes(r) {
  const plans = [...new Set([...Object.keys(r.first_response_ms.by_plan), ...Object.keys(r.resolution_ms.by_plan)])].sort();
  const of = (summary, plan) => summary.by_plan[plan] ?? { p50: null, p90: null, count: 0 };
  const rows = [...plans.map((p) => [p, of(r.first_response_ms, p), of(r.resolution_ms, p)]), ['all plans', r.first_response_ms, r.resolution_ms]];
  const longest = Math.max(1, ...rows.flatMap(([, f, res]) => [f.p90 ?? 0, res.p90 ?? 0]));
  const svg = horizontalBars({
    id: 'chart-response',
    title: 'First response and resolution times by plan, in business hours (p50 and p90)',
    description: `Resolution p50 over all plans ${hours(r.resolution_ms.p50)}, p90 ${hours(r.resolution_ms.p90)}.`,
    rows: rows.map(([plan, f, res]) => ({
      label: plan,
      values: [
        { label: 'first response p50', value: f.p50, colour: colour.firstP50 },
        { label: 'first response p90', value: f.p90, colour: colour.firstP90 },
        { label: 'resolution p50', value: res.p50, colour: colour.p50 },
        { label: 'resolution p90', value: res.p90, colour: colour.p90 },
      ],
    })),
    max: longest,
    format: hours,
  });
  const table = dataTable(
    'Response and resolution times by plan, business hours',
    ['Plan', 'First response p50', 'First response p90', 'Responses measured', 'Resolution p50', 'Resolution p90', 'Resolutions measured'],
    rows.map(([plan, f, res]) => [plan, hours(f.p50), hours(f.p90), String(f.count), hours(res.p50), hours(res.p90), String(res.count)]),
  );
  return chartFigure('insights-response', 'Response times', svg, table, [
    { label: 'first response p50', colour: colour.firstP50 },
    { label: 'first response p90', colour: colour.firstP90 },
    { label: 'resolution p50', colour: colour.p50 },
    { label: 'resolution p90', colour: colour.p90 },
  ]);
}

function slaCompliance(r) {
  const plans = Object.keys(r.sla_compliance).sort();
  const breaches = (plan) => r.breaches.filter((b) => b.plan === plan).length;
  const svg = horizontalBars({
    id: 'chart-sla',
    title: 'SLA compliance by plan: share of tickets with no breached clock',
    description: plans.map((p) => `${p} ${percent(r.sla_compliance[p])}`).join(', ') || 'No plan with SLA targets.',
    rows: plans.map((p) => ({ label: p, values: [{ label: 'met', value: r.sla_compliance[p], colour: colour.share }] })),
    max: 1,
    format: percent,
  });
  const table = dataTable('SLA compliance by plan', ['Plan', 'SLA met', 'Breached clocks'], plans.map((p) => [p, percent(r.sla_compliance[p]), String(breaches(p))]));
  return chartFigure('insights-sla', 'SLA compliance', svg, table);
}

function rates(r) {
  const measures = [
    ['Answered without a person', r.deflection_rate],
    ['Marked helpful', r.helpful_rate],
    ['Memory changed the action', r.memory_changed_rate],
  ];
  const svg = horizontalBars({
    id: 'chart-rates',
    title: 'Deflection, helpful marks and memory-changed actions, as shares',
    description: measures.map(([label, v]) => `${label}: ${percent(v)}`).join('; '),
    rows: measures.map(([label, v]) => ({ label, values: [{ label: 'share', value: v, colour: colour.share }] })),
    max: 1,
    format: percent,
  });
  const table = dataTable('Deflection, helpful and memory-changed rates', ['Measure', 'Share'], measures.map(([label, v]) => [label, percent(v)]));
  return chartFigure('insights-rates', 'Deflection and memory', svg, table);
}

function details(r) {
  return h(
    'div',
    { class: 'insights-lists' },
    tableBox('Why memory changed the action', dataTable('Why memory changed the action', ['Reason', 'Tickets'], r.memory_reasons.map((m) => [m.reason, String(m.tickets)]))),
    tableBox('Top accounts', dataTable('Top accounts by tickets', ['Account', 'Tickets'], r.top_accounts.map((a) => [a.account_id, String(a.tickets)]))),
    h(
      'details',
      { class: 'breaches' },
      h('summary', {}, `SLA breaches (${r.breaches.length})`),
      tableBox('SLA breaches', dataTable('SLA breaches, earliest due first', ['Ticket', 'Account', 'Plan', 'Clock', 'Due', 'Stopped'], r.breaches.map((b) => [b.ticket_id, b.account_id, b.plan, b.clock.replace('_', ' '), b.due_at, b.stopped_at ?? 'still running']))),
    ),
  );
}

/** A table that scrolls sideways in its own box on a narrow screen (reachable by keyboard). */
const tableBox = (label, table) => h('div', { class: 'chart-table-box', tabindex: '0', role: 'region', 'aria-label': label }, table);

/** The UTC days from `first` to `last` (YYYY-MM-DD), both included. */
function everyDay(first, last) {
  const out = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const total = (counts) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
