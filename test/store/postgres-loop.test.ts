// The whole loop on PostgreSQL (records and memory), as several instances would run it: the
// before/after experiment gives the same table as on SQLite, and two instances share one memory.
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { testMemdesk } from '../support/memdesk-env.js';

const db = await requirePostgres();

describe.runIf(db)('memdesk on PostgreSQL', () => {
  const url = () => databaseUrlOn(db!);

  it('runs the before/after experiment like SQLite does, and reports its store', async () => {
    const onPg = await testMemdesk({ DATABASE_URL: url() });
    const onSqlite = await testMemdesk();
    try {
      expect(onPg.tickets.backend).toBe('postgres');
      const shape = (rows: Awaited<ReturnType<typeof runDemo>>['rows']) => rows.map((r) => [r.customer_id, r.phase, r.tools_executed.join('+'), r.priority]);
      const a = await runDemo(onPg);
      const b = await runDemo(onSqlite);
      expect(shape(a.rows)).toEqual(shape(b.rows));
      const { rows } = await db!.query('SELECT count(*)::int AS n FROM escalations');
      expect(rows[0].n).toBe(3); // Ben, Elena and Ben's follow-up
    } finally {
      await onPg.cleanup();
      await onSqlite.cleanup();
    }
  });

  it('two instances on one database see the same memory and tickets', async () => {
    const one = await testMemdesk({ DATABASE_URL: url(), MEMDESK_NAMESPACE: 'shared' });
    const two = await testMemdesk({ DATABASE_URL: url(), MEMDESK_NAMESPACE: 'shared' });
    try {
      await one.seed(one.demoSeed(), {});
      const o = await two.handleTicket({ user: 'cust_ben', message: 'I was charged twice again.' });
      expect(o.ticket.priority).toBe('urgent');
      expect((await one.tickets.get(o.ticket_id))?.status).toBe('escalated');
    } finally {
      await one.cleanup();
      await two.cleanup();
    }
  });
});
