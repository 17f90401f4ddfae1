// The short chaos run on PostgreSQL with two bot instances sharing it behind a balancer: inbox
// claims (SKIP LOCKED) and effect keys must keep every ticket single across instances and kills.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos-run.js';
import { requirePostgres } from '../support/postgres.js';

const db = await requirePostgres();

describe.runIf(db)('chaos, short, PostgreSQL with two instances', () => {
  it('loses nothing and does nothing twice', { timeout: 240_000 }, async () => {
    const r = await runChaos({
      tickets: 50,
      customers: 15,
      kills: 2,
      duplicateShare: 0.3,
      geminiFailureRate: 0.2,
      mem0TimeoutRate: 0.1,
      seed: 11,
      store: 'postgres',
      instances: 2,
    });
    expect(r.kills).toBe(2);
    expect(r).toMatchObject({
      lost: 0,
      duplicate_replies: 0,
      duplicate_tickets: 0,
      duplicate_csm_notices: 0,
      lost_writebacks: 0,
      tickets_without_exactly_one_reply: 0,
    });
  });
});
