// The knowledge commands: import an export, sync, search with --json in the contract's shape, and the
// knowledge eval printing its rates and misses. Each command runs in process (runCli, what the project's
// bin runs): its output and exit status are the point.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/memdesk-env.js';
import { runMemdesk } from '../support/memdesk-cli.js';

const memdesk = runMemdesk;

describe('memdesk kb and eval --set knowledge', () => {
  it('imports, syncs only what changed, and searches with --json', async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-kb-'));
    cpSync('knowledge', knowledgeDir, { recursive: true });
    const env = testEnv({ KNOWLEDGE_DIR: knowledgeDir });

    const imported = await memdesk(['kb', 'import', 'test/knowledge/fixtures/intercom-articles.json'], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported from intercom: 1 written, 0 unchanged, 1 skipped');
    expect(imported.stdout).toContain('indexed 37 new, 0 changed, 0 removed, 0 unchanged');

    const sync = await memdesk(['kb', 'sync', '--json'], env);
    expect(JSON.parse(sync.stdout)).toMatchObject({ index: 'embedded', added: [], updated: [], removed: [], unchanged: 37 });

    const search = await memdesk(['kb', 'search', '--json', 'how do I connect Outlook to my calendar'], env);
    const { results } = JSON.parse(search.stdout) as { results: Record<string, unknown>[] };
    expect(Object.keys(results[0]!).sort()).toEqual(['article_id', 'heading', 'score', 'text', 'title', 'url']);
    expect(results[0]).toMatchObject({ article_id: 'imported/intercom/6871119-connect-your-calendar', url: 'https://intercom.help/acme/en/articles/6871119-connect-your-calendar' });

    const table = await memdesk(['kb', 'search', 'download invoice pdf'], env);
    expect(table.stdout).toMatch(/score\s+article\s+section\s+text/);
    expect(table.stdout).toContain('billing/download-invoices');
    // The refund status, not what is refunded, is the first section shown for "where is my refund?".
    const refund = await memdesk(['kb', 'search', 'where is my refund?'], env);
    expect(refund.stdout.split('\n').find((line) => line.includes('billing/refunds-and-credits'))).toMatch(/billing\/refunds-and-credits\s+Where is my refund\?/);
  }, 120_000);

  it('names a bad article file and fails', async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-kb-bad-'));
    writeFileSync(join(knowledgeDir, 'broken.md'), '---\ntitle: Broken\nupdated: 2026-10-01\n---\nBody text.\n');
    const r = await memdesk(['kb', 'sync'], testEnv({ KNOWLEDGE_DIR: knowledgeDir }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(knowledgeDir, 'broken.md')}: front matter field "url"`);
  });

  it('eval --set knowledge prints @1, @3, "none" recognised and the misses, for the file --file (or --questions) names', async () => {
    const questions = join(mkdtempSync(join(tmpdir(), 'memdesk-cli-kbq-')), 'questions.jsonl');
    writeFileSync(
      questions,
      [
        { id: 'q1', question: 'where can I download my invoices as PDF', expected: 'billing/download-invoices', lang: 'en' },
        { id: 'q2', question: 'Passwort vergessen, wie setze ich es zurück?', expected: 'account/reset-password', lang: 'de' },
        { id: 'q3', question: 'can I switch the interface to dark mode', expected: 'none', lang: 'en' },
        { id: 'q4', question: 'how do I rotate an API key', expected: 'developers/webhooks', lang: 'en' },
      ].map((q) => JSON.stringify(q)).join('\n'),
    );
    const r = await memdesk(['eval', '--set', 'knowledge', '--questions', questions, '--json'], testEnv());
    expect(r.code).toBe(1); // q4 is labelled wrong on purpose: a miss fails the run
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ set: 'knowledge', questions: 4, articles_expected: 3, none_expected: 1, 'correct@1': 0.667, 'correct@3': 0.667, none_recognised: 1, answers_without_source: 0 });
    expect(report.failures.map((f: { id: string }) => f.id)).toEqual(['q4']);
    // Odd-numbered questions are the tuning half, even-numbered ones the held-out half.
    expect(report.split).toMatchObject({ tuning: { questions: 2, none_recognised: 1 }, held_out: { questions: 2, 'correct@1': 0.5 } });
    // --file names the questions as it names the real set's messages; --questions is its older name.
    const text = await memdesk(['eval', '--set', 'knowledge', '--file', questions], testEnv());
    expect(text.stdout).toContain(`4 questions from ${questions}`);
    expect(text.stdout).toMatch(/correct article @1\s+0\.667\s+\(target ≥ 0\.85\) MISSED/);
    expect(text.stdout).toMatch(/q4\s+en\s+developers\/webhooks\s+developers\/api-keys/);
    const both = await memdesk(['eval', '--set', 'knowledge', '--file', questions, '--questions', 'eval/knowledge/questions.jsonl'], testEnv());
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--file and --questions name two different question files');
  }, 120_000);
});
