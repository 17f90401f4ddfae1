// A word the help center holds only inside one named phrase ("order" only in "purchase order") counts only
// when the question holds that phrase: a customer's own order is not a purchase order. Which words are bound
// is counted from the articles, so a help center where the word stands alone keeps answering with it.
import { describe, expect, it } from 'vitest';
import { contentHash, type Article } from '../../src/knowledge/article.js';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';
import { articleNeighbours, namedPhrases, phraseBoundTerms } from '../../src/knowledge/phrase-bound.js';

const rules = loadKnowledgeRules('policy');

const article = (id: string, title: string, tags: string[], body: string): Article => ({
  id,
  title,
  tags,
  body,
  url: `https://help.example/${id}`,
  audience: 'customer',
  updated: '2026-12-01',
  hash: contentHash(title + body),
});

const boundIn = (articles: Article[]) =>
  phraseBoundTerms(
    articles.map((a) => articleNeighbours(a)),
    new Set(articles.flatMap((a) => namedPhrases(a.title, a.tags))),
  );

describe('words the articles hold only inside one phrase', () => {
  it('in the shipped help center, "order" answers only as "purchase order"', async () => {
    const kb = createEmbeddedKnowledgeBase();
    await kb.sync(readKnowledgeDir('knowledge'));
    const answer = async (q: string) => (await kb.search(q)).find((p) => p.score >= rules.min_score)?.article_id;
    // Public customer messages that were answered with the billing-details and payment-method articles.
    expect(await answer('how do I see the ETA of order 00004587345')).toBeUndefined();
    expect(await answer('can i add some articles to order 00004587345')).toBeUndefined();
    expect(await answer("what's the updated status of my order")).toBeUndefined();
    expect(await answer('where do I put our purchase order number on the invoice')).toBe('billing/billing-details-and-vat');
  });

  it('binds a word only to a whole two-word title or tag, seen at least twice, never by a hand list', () => {
    const shop = [
      article('orders/track', 'Track your order', ['order status', 'delivery'], 'Open Orders to see where your order is.'),
      article('billing/po', 'Pay by invoice', ['purchase order'], 'Add your purchase order number at checkout.'),
    ];
    // A shop's help center holds "order" alone: it stays a word of its own.
    expect(boundIn(shop).has('order')).toBe(false);
    const saas = [shop[1]!, article('billing/vat', 'Billing details', ['VAT number'], 'Your purchase order number appears on each invoice.')];
    expect(boundIn(saas).get('order')).toBe('purchas order');
    // Seen once (the tag alone), a word is not bound to its neighbour by accident.
    expect(boundIn([article('billing/po', 'Pay by invoice', ['purchase order'], 'Pay by bank transfer.')]).has('order')).toBe(false);
    // A phrase inside a longer tag ("move from another tool") binds nothing.
    expect(boundIn([article('data/import', 'Import', ['move from another tool'], 'Coming from another tool? Import a CSV.')]).has('tool')).toBe(false);
  });

  it('a shop help center still answers "where is my order"', async () => {
    const kb = createEmbeddedKnowledgeBase();
    await kb.sync([
      article('orders/track', 'Track your order', ['order status', 'where is my order'], 'Open Orders to see where your order is and when it arrives.'),
      article('billing/po', 'Pay by invoice', ['purchase order'], 'Add your purchase order number at checkout. The purchase order appears on the invoice.'),
    ]);
    expect((await kb.search('where is my order'))[0]?.article_id).toBe('orders/track');
  });
});
