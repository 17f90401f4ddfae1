// What makes two memories "the same" for dedupe: their text, trimmed, with runs of whitespace made
// one and case folded. Shared by the embedded store on SQLite and the one on PostgreSQL.
import { createHash } from 'node:crypto';

export const normalizedText = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

export function contentHash(text: string): string {
  return createHash('sha256').update(normalizedText(text)).digest('hex');
}
