// The database's clock, for leases: every instance sharing a database shares its clock, so a lease
// one instance takes is timed the same way by all. It is the real time, not MEMDESK_NOW: a pinned
// clock fixes the dates tickets see, not how long a worker may hold an item.
import { sql, type RawBuilder } from 'kysely';
import type { Backend } from './database.js';

/** The database's time now, as an ISO-8601 instant (SQLite) or a timestamptz (PostgreSQL). */
export function databaseNow(backend: Backend): RawBuilder<string> {
  return backend === 'postgres' ? sql<string>`clock_timestamp()` : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}

/** The database's time `ms` milliseconds from now. */
export function databaseNowPlus(backend: Backend, ms: number): RawBuilder<string> {
  return backend === 'postgres'
    ? sql<string>`clock_timestamp() + ${ms} * interval '1 millisecond'`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`+${ms / 1000} seconds`})`;
}
