// One memdesk instance's PostgreSQL memory store in a process of its own, so a test can stop it
// mid-way (SIGSTOP: a frozen process, a node lost in a rolling deploy) while its connections stay
// open. Arguments: database URL, schema, re-index lease in ms. Prints its index state once open.
import { systemClock } from '../../src/clock.js';
import { createPostgresMemoryStore } from '../../src/memory/postgres.js';

const [url, schema, leaseMs] = process.argv.slice(2);
const store = await createPostgresMemoryStore({ url: url!, schema: schema!, namespace: 'instance', clock: systemClock(), reindexLeaseMs: Number(leaseMs) });
process.stdout.write(`${store.indexState()}\n`);
// Stays up (re-indexing in the background) until the test ends it.
setInterval(() => {}, 60_000);
