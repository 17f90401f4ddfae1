// The answerability is fitted on real covered customer questions (scripts/answerability-examples.ts) that must never
// be an eval question or its source row: the fit script refuses to run when evalOverlap finds one. These tests check
// that rule, and that the BANKING77 sampler drops the public set's rows, on the one split that is in the repository:
// eval/banking77/test.csv, which the public set picked its BANKING77 rows from (the fit reads the train split).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { mappedBanking77, evalOverlap } from '../../scripts/answerability-examples.js';

const publicRows = readFileSync('eval/knowledge/public.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { question: string; note: string });
const excluded = publicRows.map((q) => ({ id: q.note.split(' ')[1], question: q.question }));

it('finds a fitting row that is an eval question by its source row id or by its words, whatever the case and punctuation', () => {
  const evalRows = [{ id: 'bitext-00001', question: 'How do I get my invoice?' }, { question: 'cancel my plan' }];
  const rows = [
    { question: 'something else entirely', expected: 'billing/download-invoices', source: 'bitext', id: 'bitext-00001' },
    { question: 'how do i get my INVOICE', expected: 'billing/download-invoices', source: 'bitext', id: 'bitext-00002' },
    { question: 'Cancel my plan!', expected: 'plans/cancel-or-downgrade', source: 'dstc11' },
    { question: 'cancel my plan today', expected: 'plans/cancel-or-downgrade', source: 'dstc11', id: 'dstc11-9' },
  ];
  expect(evalOverlap(rows, evalRows).map((r) => r.question)).toEqual(['something else entirely', 'how do i get my INVOICE', 'Cancel my plan!']);
});

it("leaves the public set's BANKING77 questions out of the covered rows it samples, and caps each category", () => {
  const publicBanking = publicRows.filter((q) => q.note.startsWith('banking77 ') && !q.note.endsWith(': top_up_failed') && !q.note.endsWith(': transfer_not_received_by_recipient'));
  expect(publicBanking.length).toBeGreaterThan(30);
  // Without the exclusion the split's rows include the public set's own (so the check below can fail).
  const all = mappedBanking77('eval/banking77/test.csv', [], 1000);
  expect(evalOverlap(all, excluded).length).toBe(publicBanking.length);
  // … matched by the public set's source row ids alone, as well as by words.
  expect(evalOverlap(all, excluded.map((q) => ({ id: q.id, question: 'not a question anyone asked' }))).length).toBe(publicBanking.length);
  const sampled = mappedBanking77('eval/banking77/test.csv', excluded, 1000);
  expect(evalOverlap(sampled, excluded)).toEqual([]);
  expect(sampled.length).toBe(all.length - publicBanking.length);
  const capped = mappedBanking77('eval/banking77/test.csv', excluded, 5);
  const perCategory = new Map<string, number>();
  for (const q of capped) perCategory.set(q.source, (perCategory.get(q.source) ?? 0) + 1);
  expect([...perCategory.values()]).toEqual([5, 5, 5, 5, 5, 5, 5]);
  expect(capped.every((q) => q.expected !== 'none' && q.id?.startsWith('banking77-test-'))).toBe(true);
});
