// The short chaos runs (npm run chaos does 1,000 tickets): real bot processes killed with SIGKILL
// mid-work and restarted, duplicate deliveries, Gemini failing and Mem0 timing out on a share of
// calls. Nothing may be lost and nothing done twice — on SQLite with one instance, and on
// PostgreSQL with two instances behind a balancer (inbox claims and effect keys across processes).
// SLA alerts likewise: a month on, every running clock is past due, and a bot is killed mid-posting.
import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosOptions } from '../../bench/chaos-run.js';
import { requirePostgres } from '../support/postgres.js';

async function shortRunLosesNothing(extra: Partial<ChaosOptions>): Promise<void> {
  const r = await runChaos({ tickets: 50, customers: 15, kills: 2, duplicateShare: 0.3, geminiFailureRate: 0.2, mem0TimeoutRate: 0.1, seed: 7, ...extra });
  expect(r.kills).toBe(2);
  expect(r.deliveries).toBeGreaterThan(r.tickets);
  expect(r.gemini_failed).toBeGreaterThan(0);
  expect(r.sla_alerts).toBeGreaterThan(1);
  // The bot died with an alert in Slack but not yet marked, and others still to go.
  expect(r.sla_alerts_posted_at_kill).toBeGreaterThanOrEqual(1);
  expect(r.sla_alerts_posted_at_kill).toBeLessThan(r.sla_alerts);
  expect(r).toMatchObject({
    lost: 0,
    duplicate_replies: 0,
    duplicate_tickets: 0,
    duplicate_csm_notices: 0,
    lost_writebacks: 0,
    tickets_without_exactly_one_reply: 0,
    lost_sla_alerts: 0,
    duplicate_sla_alerts: 0,
  });
}

/**
 * Real processes started, killed and restarted, 50 tickets each through the whole loop: one to two
 * minutes with the file alone, past 240 s for PostgreSQL's two instances on two cores loaded by other work.
 */
const RUN_TIMEOUT_MS = 480_000;

describe('chaos, short, SQLite', () => {
  it('loses nothing and does nothing twice', { timeout: RUN_TIMEOUT_MS }, () => shortRunLosesNothing({}));
});

const db = await requirePostgres();
describe.runIf(db)('chaos, short, PostgreSQL with two instances', () => {
  it('loses nothing and does nothing twice', { timeout: RUN_TIMEOUT_MS }, () => shortRunLosesNothing({ seed: 11, store: 'postgres', instances: 2 }));
});
