// The support report: what the records say about a period — volume by day and issue type, response
// and resolution times in business time (from each ticket's SLA clocks), SLA compliance and breaches,
// deflection, helpful marks, how often memory changed the action and why, fallbacks, blocked calls and replies,
// busiest accounts and knowledge gaps. Pure: the store hands it the aggregates (report-records.ts).
import type { clockNames } from '../core/sla-clocks.js';
import type { ReportRecords } from './report-records.js';

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  count: number;
}

export interface SlaBreach {
  ticket_id: string;
  account_id: string;
  plan: string;
  clock: (typeof clockNames)[number];
  due_at: string;
  /** When the clock stopped (late), or null while it still runs past due. */
  stopped_at: string | null;
}

export interface SupportReport {
  since: string;
  account_id: string | null;
  tickets: number;
  by_type: Record<string, number>;
  by_day: Record<string, Record<string, number>>;
  first_response_ms: Percentiles & { by_plan: Record<string, Percentiles> };
  resolution_ms: Percentiles & { by_plan: Record<string, Percentiles> };
  sla_compliance: Record<string, number>;
  breaches: SlaBreach[];
  deflection_rate: number | null;
  helpful_rate: number | null;
  memory_changed_rate: number | null;
  memory_reasons: { reason: string; tickets: number }[];
  fallbacks: number;
  blocked_calls: number;
  /** Replies a decider wrote that claimed what no tool did: the policy engine wrote the customer's reply instead. */
  blocked_replies: number;
  knowledge_gaps: number;
  top_accounts: { account_id: string; tickets: number }[];
}

export function buildSupportReport(records: ReportRecords, x: { since: string; accountId?: string; now: Date }): SupportReport {
  const by_type: Record<string, number> = {};
  const by_day: Record<string, Record<string, number>> = {};
  for (const { day, issue_type, tickets } of records.by_day_type) {
    const type = issue_type ?? 'other';
    by_type[type] = (by_type[type] ?? 0) + tickets;
    const daily = (by_day[day] ??= {});
    daily[type] = (daily[type] ?? 0) + tickets;
  }
  const firstResponse = new Timings(records.first_response);
  const resolution = new Timings(records.resolution);

  const nowIso = x.now.toISOString();
  const breaches: SlaBreach[] = records.clocks_at_risk.filter((c) => isBreached(c, nowIso));
  const breachedByPlan = new Map<string, Set<string>>();
  for (const b of breaches) breachedByPlan.set(b.plan, (breachedByPlan.get(b.plan) ?? new Set()).add(b.ticket_id));
  const sla_compliance = Object.fromEntries(
    [...records.plan_tickets].sort((a, b) => byText(a.plan, b.plan)).map((p) => [p.plan, share(p.tickets - (breachedByPlan.get(p.plan)?.size ?? 0), p.tickets)!]),
  );

  const changedTickets = new Set(records.memory_changes.map((c) => c.ticket_id));
  return {
    since: x.since,
    account_id: x.accountId ?? null,
    tickets: records.tickets,
    by_type,
    by_day,
    first_response_ms: firstResponse.summary(),
    resolution_ms: resolution.summary(),
    sla_compliance,
    breaches: breaches.sort((a, b) => byText(a.due_at, b.due_at) || byText(a.ticket_id, b.ticket_id)),
    deflection_rate: share(records.deflected, records.tickets),
    helpful_rate: share(records.helpful, records.feedback),
    memory_changed_rate: share(changedTickets.size, records.tickets),
    memory_reasons: topReasons(records.memory_changes),
    fallbacks: records.fallbacks,
    blocked_calls: records.blocked_calls,
    blocked_replies: records.blocked_replies,
    knowledge_gaps: records.knowledge_gaps,
    top_accounts: records.top_accounts,
  };
}

/**
 * A clock is breached when it stopped after its due time, or still runs past it. Instants are
 * compared as the ISO-8601 UTC text every record holds (toISOString's form), which sorts as time.
 */
function isBreached(c: { due_at: string; stopped_at: string | null }, nowIso: string): boolean {
  return c.stopped_at ? c.stopped_at > c.due_at : nowIso > c.due_at;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * A reason names its kind before any detail ("repeat billing issue (3 in 365 days)", "open promise:
 * a $49 credit"), so reasons group by that head.
 */
function topReasons(changes: ReportRecords['memory_changes']): { reason: string; tickets: number }[] {
  const tickets = new Map<string, Set<string>>();
  for (const c of changes) {
    for (const r of c.reasons) {
      const head = r.split(/ \(|:/)[0]!.trim();
      const set = tickets.get(head) ?? new Set<string>();
      set.add(c.ticket_id);
      tickets.set(head, set);
    }
  }
  return [...tickets]
    .map(([reason, set]) => ({ reason, tickets: set.size }))
    .sort((a, b) => b.tickets - a.tickets || a.reason.localeCompare(b.reason))
    .slice(0, 5);
}

/** Durations overall and per plan, summarised as nearest-rank percentiles. */
class Timings {
  constructor(private readonly byPlan: { plan: string; ms: number[] }[]) {}
  summary(): Percentiles & { by_plan: Record<string, Percentiles> } {
    return {
      ...percentiles(this.byPlan.flatMap((p) => p.ms)),
      by_plan: Object.fromEntries([...this.byPlan].filter((p) => p.ms.length).sort((a, b) => byText(a.plan, b.plan)).map((p) => [p.plan, percentiles(p.ms)])),
    };
  }
}

function percentiles(values: number[]): Percentiles {
  if (!values.length) return { p50: null, p90: null, count: 0 };
  // A typed array sorts numbers natively: tens of thousands of durations in a few milliseconds.
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p90: at(0.9), count: sorted.length };
}

/** Code-point order: ISO instants and ids sort right, and faster than a locale-aware compare. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
