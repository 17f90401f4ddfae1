// One id generator: sortable by time, readable in logs, with a prefix naming what it is.
import { randomBytes } from 'node:crypto';

export function newId(prefix: string, at: Date = new Date()): string {
  return `${prefix}_${at.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
}
