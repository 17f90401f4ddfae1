// One id generator: sortable by time, readable in logs, with a prefix naming what it is.
import { randomFillSync } from 'node:crypto';

/** Random bytes drawn a page at a time: a ticket turn makes a dozen ids, and one call to the CSPRNG each cost more than the id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

export function newId(prefix: string, at: Date = new Date()): string {
  return `${prefix}_${at.getTime().toString(36)}${randomHex(5)}`;
}
