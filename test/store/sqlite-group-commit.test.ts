// Group commit must not weaken durability: a write's promise settles only once it is committed,
// so another connection (another process, after a crash) sees every write its caller was told about.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openRecords } from '../../src/store/open-store.js';
import { systemClock } from '../../src/clock.js';
import { openDatabase } from '../../src/sql/database.js';
import { prepared } from '../../src/sql/prepared.js';
import { groupCommit } from '../../src/sql/sqlite-group-commit.js';

describe('SQLite records: group commit', () => {
  it('a settled write is visible to another connection; a failing write fails only its caller', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-gc-'));
    const store = await openRecords({ dataDir: dir }, systemClock());
    const other = new Database(join(dir, 'records.db'), { readonly: true });
    try {
      const writes = Array.from({ length: 20 }, (_, i) =>
        store.delivery.accept({ inbox_id: `in${i}`, kind: 'slack_message', payload: { i }, keys: [`k${i}`] }).then(() => {
          const row = other.prepare('SELECT inbox_id FROM inbox WHERE inbox_id = ?').get(`in${i}`);
          expect(row).toBeDefined();
        }),
      );
      await Promise.all(writes);
      const dup = store.tickets.addEscalation({ escalation_id: 'e1', ticket_id: 't', priority: 'low', reason: 'r', summary: 's', handoff_summary: 'h', sla_due_at: null, created_at: 'x' });
      const bad = expect(store.operationLog.append({ trace_id: null as unknown as string, ticket_id: null, kind: 'memory_seeded', detail: { count: 0, actor: 'cli' } })).rejects.toThrow(/NOT NULL/);
      const fine = store.delivery.recordEffect('effect-1', 'done', { ok: true });
      await dup;
      await bad;
      await fine;
      expect(other.prepare("SELECT status FROM effects WHERE key = 'effect-1'").get()).toEqual({ status: 'done' });
    } finally {
      other.close();
      await store.close();
    }
  });

  it('a prepared write issued while a Kysely transaction is open does not join it, and survives its rollback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-gc-'));
    const sql = await openDatabase<{ notes: { text: string } }>({ backend: 'sqlite', file: join(dir, 'notes.db') });
    try {
      await sql.db.schema.createTable('notes').addColumn('text', 'text').execute();
      const note = prepared(sql.db, 'sqlite', ['text'], ({ text }: { text: string }) => sql.db.insertInto('notes').values({ text }));
      let issued: Promise<unknown> | undefined;
      const rolledBack = sql.db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ text: 'in the transaction' }).execute();
        issued = note({ text: 'beside it' });
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      await sql.durable(issued!);
      expect(await sql.db.selectFrom('notes').selectAll().execute()).toEqual([{ text: 'beside it' }]);
    } finally {
      await sql.close();
    }
  });
  it('tells a commit\'s many writers in slices, with turns of the event loop between them, the inbox acceptance first', async () => {
    const raw = new Database(join(mkdtempSync(join(tmpdir(), 'memdesk-gc-')), 'slices.db'));
    raw.exec('CREATE TABLE t (n INTEGER)');
    const grouped = groupCommit(raw);
    // Counts turns of the event loop while the writers wait, as a delivery's socket read would run.
    let loopTurns = 0;
    let counting = true;
    const count = () => {
      loopTurns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const told: { n: number; turn: number }[] = [];
    const writers = Array.from({ length: 64 }, (_, n) => {
      grouped.runNow('INSERT INTO t (n) VALUES (?)', [n]);
      return grouped.settled(n === 63).then(() => told.push({ n, turn: loopTurns }));
    });
    await Promise.all(writers);
    counting = false;
    raw.close();
    // The last writer was the acceptance Slack waits for: told first.
    expect(told[0]!.n).toBe(63);
    // 64 writers, 16 at a time: four slices, each in a turn of the loop of its own.
    expect(new Set(told.map((t) => t.turn)).size).toBe(4);
    expect(told.at(-1)!.turn).toBeGreaterThan(told[0]!.turn);
  });
});
