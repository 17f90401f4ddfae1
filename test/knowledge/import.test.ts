// `kb import` on fixtures in the documented shapes: Zendesk Help Center's articles JSON, Intercom's
// list of articles, and a folder of Markdown and HTML. Imported files are valid articles under
// imported/<source>/, drafts are skipped, and importing twice changes nothing.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importArticles } from '../../src/knowledge/import/import-articles.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const freshDir = () => mkdtempSync(join(tmpdir(), 'memdesk-kb-import-'));
const today = '2026-11-30';

describe('kb import', () => {
  it('imports a Zendesk Help Center articles export, skipping drafts and sanitising HTML', async () => {
    const dir = freshDir();
    const result = importArticles(join(fixtures, 'zendesk-articles.json'), { knowledgeDir: dir, today });
    expect(result.source).toBe('zendesk');
    expect(result.written).toEqual(['imported/zendesk/360012345671-reset-your-password', 'imported/zendesk/360012345672-export-your-data']);
    expect(result.skipped).toEqual([{ item: 'articles[2] (id 360012345673)', reason: 'draft' }]);

    const [reset, exported] = readKnowledgeDir(dir);
    expect(reset).toMatchObject({ title: 'Reset your password', url: 'https://acme.zendesk.com/hc/en-us/articles/360012345671-Reset-your-password', tags: ['password', 'login'], updated: '2026-09-14', audience: 'customer' });
    expect(reset!.body).toContain('## Steps\n\n1. Click **Forgot password?**\n2. Enter your email & open the link we send.');
    expect(reset!.body).toContain('Links expire after 60 minutes.');
    for (const a of [reset!, exported!]) expect(a.body).not.toMatch(/script|cookie|color:red|iframe|tracker|onclick|alert/i);

    const kb = createEmbeddedKnowledgeBase();
    await kb.sync(readKnowledgeDir(dir));
    const [top] = await kb.search('I forgot my password');
    expect(top).toMatchObject({ article_id: 'imported/zendesk/360012345671-reset-your-password', heading: expect.any(String) });
  });

  it('imports an Intercom articles export, published only', () => {
    const dir = freshDir();
    const result = importArticles(join(fixtures, 'intercom-articles.json'), { knowledgeDir: dir, today });
    expect(result).toMatchObject({ source: 'intercom', written: ['imported/intercom/6871119-connect-your-calendar'], skipped: [{ item: 'data[1] (id 6871120)', reason: 'draft' }] });
    const [calendar] = readKnowledgeDir(dir);
    expect(calendar).toMatchObject({ title: 'Connect your calendar', url: 'https://intercom.help/acme/en/articles/6871119-connect-your-calendar', updated: '2025-10-09' });
    expect(calendar!.body).toContain('Sync meetings from Google Calendar or Outlook.');
    expect(calendar!.body).toContain('## Outlook\n\n- Click Connect Outlook.\n- Sign in with Microsoft.');
    expect(calendar!.body).not.toMatch(/script|steal|alert/i);
  });

  it('imports a folder of Markdown and HTML; files without a URL need --base-url', () => {
    const dir = freshDir();
    const folder = join(fixtures, 'docs-folder');
    const withoutBase = importArticles(folder, { knowledgeDir: dir, today });
    expect(withoutBase.written).toEqual([]);
    expect(withoutBase.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('--base-url'), expect.stringContaining('--base-url')]);

    const result = importArticles(folder, { knowledgeDir: dir, today, baseUrl: 'https://docs.acme.example' });
    expect(result.written).toEqual(['imported/docs-folder/getting-started', 'imported/docs-folder/guides-billing-faq']);
    const [started, faq] = readKnowledgeDir(dir);
    expect(started).toMatchObject({ title: 'Getting started with Acme', tags: ['onboarding', 'first steps'], url: 'https://docs.acme.example/imported/docs-folder/getting-started' });
    expect(faq).toMatchObject({ title: 'Billing FAQ' });
    expect(faq!.body).toBe('Answers to common billing questions.\n\n## Where are my invoices?\n\nOpen **Billing > Invoices** to download each invoice as PDF.');
  });

  it('writes nothing when the same export is imported again', () => {
    const dir = freshDir();
    const file = join(fixtures, 'zendesk-articles.json');
    importArticles(file, { knowledgeDir: dir, today });
    const before = readFileSync(join(dir, 'imported/zendesk/360012345671-reset-your-password.md'), 'utf8');
    const again = importArticles(file, { knowledgeDir: dir, today });
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(2);
    expect(readFileSync(join(dir, 'imported/zendesk/360012345671-reset-your-password.md'), 'utf8')).toBe(before);
  });

  it('writes nothing when one article of the export is invalid, naming that article', () => {
    const dir = freshDir();
    const exported = JSON.parse(readFileSync(join(fixtures, 'zendesk-articles.json'), 'utf8')) as { articles: { html_url: string }[] };
    // The second published article links somewhere a customer must never be sent.
    exported.articles[1]!.html_url = 'javascript:alert(1)';
    const file = join(freshDir(), 'zendesk-articles.json');
    writeFileSync(file, JSON.stringify(exported));
    expect(() => importArticles(file, { knowledgeDir: dir, today })).toThrow(/360012345672-export-your-data\.md.*"url" must be an http\(s\) URL/);
    // The first, valid article was not written either: the folder is as it was.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a JSON file that is neither export, saying which shapes it takes', () => {
    expect(() => importArticles(join(fixtures, '..', '..', '..', 'package.json'), { knowledgeDir: freshDir(), today })).toThrow(/neither a Zendesk Help Center export .* nor an Intercom articles export/);
  });
});
