// The development set of real customer messages (eval/real/messages.jsonl): text written by real
// people, each line labelled with the issue types and first actions a good support agent would
// accept under policy/. It measures the reader and the decision on words nobody here wrote, so a
// broken line must stop the eval with the file and line named, never be skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../compose.js';
import { readingIssueType, supportedLanguages } from '../core/reading.js';
import { memdeskError } from '../errors.js';

export const defaultRealSetFile = join(projectRoot, 'eval', 'real', 'messages.jsonl');

/**
 * A first action memdesk may take: `answer` (steps or an article), `ask:<field>` (ask for exactly
 * that field; `ask:details` is a generic "tell me more"), `escalate` (to a person), `log_feedback`
 * (acknowledge a feature request).
 */
export const realAction = z.union([
  z.enum(['answer', 'escalate', 'log_feedback']),
  z.string().regex(/^ask:[a-z_]+$/, 'must be answer, escalate, log_feedback or ask:<field>'),
]);

export const realMessageSchema = z.strictObject({
  id: z.string().regex(/^real-\d{4}$/, 'must look like real-0001'),
  /** What the customer wrote, trimmed to a Slack-sized message; their wording, typos included. */
  text: z.string().trim().min(1).max(1200),
  /** Which public source the text comes from; eval/real/README.md lists each with its licence. */
  source: z.string().regex(/^[a-z0-9-]+$/),
  lang: z.enum(supportedLanguages),
  /** Acceptable issue types, best first. */
  issue_types: z.array(readingIssueType).min(1),
  /** Acceptable first actions for a Pro customer with no history. */
  actions: z.array(realAction).min(1),
  asks_for_human: z.boolean(),
  /** Asking this customer for an invoice or for generic detail would be unsafe. */
  security_or_outage: z.boolean(),
});
export type RealMessage = z.infer<typeof realMessageSchema>;

export function loadRealSet(path: string = defaultRealSetFile): RealMessage[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw memdeskError('file_invalid', `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const messages: RealMessage[] = [];
  const seen = new Set<string>();
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw memdeskError('file_invalid', `${where}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = realMessageSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${where}: ${issue.path.join('.') || '(line)'} ${issue.message}`);
      throw memdeskError('file_invalid', issues.join('\n'));
    }
    if (seen.has(parsed.data.id)) throw memdeskError('file_invalid', `${where}: id ${parsed.data.id} is used twice`);
    seen.add(parsed.data.id);
    messages.push(parsed.data);
  });
  return messages;
}
