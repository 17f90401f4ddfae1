// Search quality on the shipped help center, with questions written for this test (the labelled eval
// set is eval/knowledge/questions.jsonl): the right article first, other languages through the tags,
// typos forgiven, internal articles never shown to a customer, and off-topic questions scoring below
// knowledge.min_score so a person takes them.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedKnowledgeBase, type EmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';

const rules = loadKnowledgeRules('policy');
let kb: EmbeddedKnowledgeBase;
beforeAll(async () => {
  kb = createEmbeddedKnowledgeBase();
  await kb.sync(readKnowledgeDir('knowledge'));
});

describe('knowledge search on the shipped articles', () => {
  it.each([
    ['where do I get a PDF of my invoice', 'billing/download-invoices'],
    ['our card expired, how do I put a new one in', 'billing/update-payment-method'],
    ['how do I rotate an API key without downtime', 'developers/api-keys'],
    ['how do I verify the webhook signature', 'developers/webhooks'],
    ['set up SAML single sign-on with Okta', 'admin/sso-saml-setup'],
    ['I want to cancel our subscription', 'plans/cancel-or-downgrade'],
    ['my phone was stolen and I cannot get the 2FA code', 'account/reset-2fa'],
    ['someone logged into my account and I did not do it', 'security/suspected-compromise'],
    ['Wo kann ich meine Rechnungen herunterladen?', 'billing/download-invoices'],
    ['comment résilier mon abonnement', 'plans/cancel-or-downgrade'],
    ['olvidé mi contraseña', 'account/reset-password'],
    ['how do I reset my pasword', 'account/reset-password'],
    // Questions QA saw answered from a neighbouring article: the password article now says Cobalt cannot retrieve or
    // recover a password (the 2FA article's title holds "recover"), the invite steps say that adding a user is inviting
    // them, and the plan article's title says it changes the plan.
    ['recover my profile password', 'account/reset-password'],
    ["I can't find my password", 'account/reset-password'],
    ['add a new user to my account', 'admin/invite-and-remove-members'],
    // QA's "change my plan" ranked the Free-plan and plan-changes sections of two neighbours first (the article level
    // now counts 2.5 times the passage level); customers' words the help center lacks (english-synonyms.ts).
    ['change my plan', 'plans/change-plan'],
    ['how do I terminate my account', 'account/delete-account'],
    ['I forgot my passcode', 'account/reset-password'],
    ['we want to discontinue our subscription', 'plans/cancel-or-downgrade'],
  ])('%s → %s, above the threshold', async (question, expected) => {
    const [top] = await kb.search(question);
    expect(top?.article_id).toBe(expected);
    expect(top!.score).toBeGreaterThanOrEqual(rules.min_score);
    expect(top).toMatchObject({ url: `https://help.cobalt.example/${expected}`, audience: 'customer', text: expect.any(String), heading: expect.any(String) });
  });

  it.each(['can I change the interface to dark mode', 'do you have a native Linux desktop client', 'do you offer a student discount for schools'])(
    '%s: no article clears the threshold',
    async (question) => {
      const [top] = await kb.search(question);
      expect(top?.score ?? 0).toBeLessThan(rules.min_score);
    },
  );

  it('never returns internal articles to a customer; staff see them with audience all', async () => {
    const question = 'approval limit for refunds on a double charge chargeback';
    const customer = await kb.search(question, { limit: 10 });
    expect(customer.every((p) => p.audience === 'customer')).toBe(true);
    const staff = await kb.search(question, { limit: 10, audience: 'all' });
    expect(staff[0]).toMatchObject({ article_id: 'internal/billing-escalations', audience: 'internal' });
  });

  it('offers different articles: at most two passages of one article', async () => {
    const found = await kb.search('invoice', { limit: 6 });
    const perArticle = new Map<string, number>();
    for (const p of found) perArticle.set(p.article_id, (perArticle.get(p.article_id) ?? 0) + 1);
    expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(2);
    expect(perArticle.size).toBeGreaterThanOrEqual(3);
  });
});
