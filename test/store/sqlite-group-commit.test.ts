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
});
