// Articles as the support team writes them: front matter checked field by field, passages split by
// "## " headings, and the shipped help center itself valid.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/knowledge/article.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { splitIntoPassages } from '../../src/knowledge/passages.js';

const article = (front: string, body = '# Title\n\nIntro text.\n\n## First steps\n\n1. Click here.\n\n## Troubleshooting\n\nTry again.') =>
  `---\n${front}\n---\n${body}\n`;
const good = 'title: Reset your password\nurl: https://help.example.com/account/reset-password\ntags: [password, login]\nupdated: 2026-10-01';

describe('articles', () => {
  it('reads front matter and splits the body into passages by heading', () => {
    const a = parseArticle('account/reset-password', article(good), 'knowledge/account/reset-password.md');
    expect(a).toMatchObject({ id: 'account/reset-password', title: 'Reset your password', tags: ['password', 'login'], updated: '2026-10-01', audience: 'customer' });
    const passages = splitIntoPassages(a);
    expect(passages.map((p) => [p.heading, p.text])).toEqual([
      ['Reset your password', 'Intro text.'],
      ['First steps', '1. Click here.'],
      ['Troubleshooting', 'Try again.'],
    ]);
    expect(passages[1]).toMatchObject({ id: 'account/reset-password#first-steps', article_id: 'account/reset-password', url: 'https://help.example.com/account/reset-password' });
  });

  it('names the file and the field when front matter is wrong', () => {
    const file = 'knowledge/billing/broken.md';
    expect(() => parseArticle('billing/broken', article('title: Broken\ntags: []\nupdated: 2026-10-01'), file)).toThrow(/knowledge\/billing\/broken\.md: front matter field "url"/);
    expect(() => parseArticle('billing/broken', article(`${good}\naudience: everyone`), file)).toThrow(/broken\.md: front matter field "audience"/);
    expect(() => parseArticle('billing/broken', article(good.replace('2026-10-01', 'last week')), file)).toThrow(/field "updated" must be a date/);
    expect(() => parseArticle('billing/broken', 'no front matter here', file)).toThrow(/broken\.md: no front matter/);
    expect(() => parseArticle('billing/broken', article('title: [unclosed'), file)).toThrow(/broken\.md: front matter is not valid YAML/);
  });

  it('stops reading a knowledge folder at the first bad file, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-kb-'));
    mkdirSync(join(dir, 'billing'));
    writeFileSync(join(dir, 'billing', 'ok.md'), article(good));
    writeFileSync(join(dir, 'billing', 'bad.md'), article('title: Bad\nurl: not a url\ntags: []\nupdated: 2026-10-01'));
    expect(() => readKnowledgeDir(dir)).toThrow(`${join(dir, 'billing', 'bad.md')}: front matter field "url"`);
  });

  it('ships a valid help center: at least 30 customer articles of 150–500 words, internal ones marked', () => {
    const articles = readKnowledgeDir('knowledge');
    const customer = articles.filter((a) => a.audience === 'customer');
    expect(customer.length).toBeGreaterThanOrEqual(30);
    expect(articles.filter((a) => a.audience === 'internal').map((a) => a.id).sort()).toEqual(['internal/billing-escalations', 'internal/incident-runbook']);
    for (const a of articles) {
      const words = a.body.split(/\s+/).length;
      expect(words, a.id).toBeGreaterThanOrEqual(150);
      expect(words, a.id).toBeLessThanOrEqual(500);
      expect(a.url).toBe(`https://help.cobalt.example/${a.id}`);
      expect(splitIntoPassages(a).length, a.id).toBeGreaterThanOrEqual(3);
    }
  });
});
