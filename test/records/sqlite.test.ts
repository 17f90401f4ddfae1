// The TicketStore contract on SQLite, the zero-setup default: a temp folder per test.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TicketStore } from '../../src/agent/ports.js';
import { createSqliteTicketStore } from '../../src/records/sqlite.js';
import { ticketStoreContract } from './ticket-store-contract.js';

ticketStoreContract('SQLite', async (clock) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-records-'));
  let store: TicketStore = createSqliteTicketStore({ dataDir, clock });
  return {
    store,
    async reopen() {
      await store.close();
      return (store = createSqliteTicketStore({ dataDir, clock }));
    },
    async rawExec(sql) {
      // A second connection, as any other tool on the machine would open.
      const db = new Database(join(dataDir, 'records.db'));
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
