// The pieces the decision loop will use around an answer from the help center: the grounding check,
// the reply's source line in Slack mrkdwn, and the gap loop's extractive draft article.
import { describe, expect, it } from 'vitest';
import { draftArticle } from '../../src/knowledge/draft-article.js';
import { checkGrounding } from '../../src/core/grounding.js';
import type { KnowledgePassage } from '../../src/knowledge/knowledge-base.js';
import { splitIntoPassages } from '../../src/knowledge/passages.js';
import { sourceLine } from '../../src/core/source-line.js';

const passage = (article_id: string, audience: 'customer' | 'internal' = 'customer', title = `Title of ${article_id}`): KnowledgePassage => ({
  article_id,
  title,
  url: `https://help.cobalt.example/${article_id}`,
  heading: 'Steps',
  score: 0.8,
  text: '1. Do this.',
  audience,
});
const retrieved = [passage('billing/download-invoices', 'customer', 'Download invoices & export them as PDF'), passage('billing/refunds-and-credits'), passage('internal/billing-escalations', 'internal')];

describe('grounding check', () => {
  it('accepts an answer citing only retrieved customer articles', () => {
    expect(checkGrounding(['billing/download-invoices', 'billing/refunds-and-credits'], retrieved)).toEqual({ grounded: true });
  });
  it('blocks an answer with no sources, one citing an article not retrieved, and one citing an internal article', () => {
    expect(checkGrounding([], retrieved)).toMatchObject({ grounded: false, code: 'no_sources' });
    expect(checkGrounding(['billing/download-invoices', 'billing/made-up'], retrieved)).toMatchObject({ grounded: false, code: 'not_retrieved', articles: ['billing/made-up'] });
    expect(checkGrounding(['internal/billing-escalations'], retrieved)).toMatchObject({ grounded: false, code: 'internal_article', articles: ['internal/billing-escalations'] });
  });
});

describe('source line', () => {
  it('links the cited articles in Slack mrkdwn, escaping what mrkdwn would read as markup', () => {
    expect(sourceLine(['billing/download-invoices'], retrieved)).toBe('Source: <https://help.cobalt.example/billing/download-invoices|Download invoices &amp; export them as PDF>');
    expect(sourceLine(['billing/refunds-and-credits', 'billing/download-invoices', 'billing/refunds-and-credits'], retrieved)).toBe(
      'Sources: <https://help.cobalt.example/billing/refunds-and-credits|Title of billing/refunds-and-credits>, <https://help.cobalt.example/billing/download-invoices|Download invoices &amp; export them as PDF>',
    );
    expect(sourceLine([passage('x').article_id], [{ ...passage('x'), title: 'A <b> | c' }])).toBe('Source: <https://help.cobalt.example/x|A &lt;b&gt; - c>');
    expect(sourceLine(['not/retrieved'], retrieved)).toBe('');
  });
});

describe('draft article from a staff resolution', () => {
  const draft = draftArticle({
    question: 'Hi! How do I change the timezone of our workspace? <@U0BEN> says reports use UTC. Contact me at ben@northwind.example',
    resolution:
      'The workspace timezone is set by the owner. Go to Settings > Workspace > Region. Choose the timezone from the list and click Save. Reports use the new timezone from the next day. My api key: sk_live_abcdefghijklmnop1234 if needed.',
    topic: 'admin',
    urlBase: 'https://help.cobalt.example/',
    today: '2026-11-30',
  });

  it('takes its title from the question and its steps from the staff answer, as a valid article file', () => {
    expect(draft.id).toBe('admin/how-do-i-change-the-timezone-of-our-workspace');
    expect(draft.article).toMatchObject({ title: 'How do I change the timezone of our workspace', url: 'https://help.cobalt.example/admin/how-do-i-change-the-timezone-of-our-workspace', updated: '2026-11-30', audience: 'customer' });
    expect(draft.text).toMatch(/^---\ntitle: How do I change the timezone of our workspace\n/);
    expect(draft.article.body).toContain('The workspace timezone is set by the owner.');
    expect(draft.article.body).toContain('## Steps\n\n1. Go to Settings > Workspace > Region.\n2. Choose the timezone from the list and click Save.');
    expect(splitIntoPassages(draft.article).map((p) => p.heading)).toEqual(['How do I change the timezone of our workspace', 'Steps', 'The question this answers']);
    expect(draft.article.tags).toContain('timezone');
  });

  it('keeps secrets, email addresses and Slack mentions out of the public article', () => {
    expect(draft.text).not.toMatch(/sk_live_|ben@northwind|<@U0BEN>/);
  });
});
