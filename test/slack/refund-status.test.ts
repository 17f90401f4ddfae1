// "I still haven't got my refund" is money owed that has not come: a billing problem a person looks into, not a
// question what qualifies for a refund. Over Slack's real protocols it goes the billing way (Pro is asked for the
// invoice ID the billing team needs, Enterprise goes to the billing team at once) and quotes no article; and the
// sections the help center offers for it, which a model deciding the ticket reads and which an answer quotes, put
// "Where is my refund?" (when a refund arrives, how to trace it) before "What we refund". The paraphrases were
// written before the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPacketPassages } from '../../src/core/packet.js';
import { answerSections } from '../../src/decide/answer-sections.js';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

const refundNotCome = [
  "I still haven't got my refund",
  'It has been two weeks and the refund is still not in my account',
  'When will I receive the refund you approved?',
  'You said you would refund us but the money never came',
  'We are still waiting for the refund for our last invoice',
];

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a refund that has not come', () => {
  it.each(refundNotCome)('asks Ben (Pro) for the invoice ID the billing team needs for "%s", quoting no article', async (text) => {
    const { reply, ticket } = await askInSupport(h, users.ben, text);
    expect(reply).toBe('Thanks for reaching out, Ben. So I can look into this charge, could you send me the invoice ID? It starts with INV- and is at the top of the invoice email.');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
  });

  it("hands Elena's (Enterprise) to the billing team at once", async () => {
    const { reply, ticket } = await askInSupport(h, users.elena, refundNotCome[0]!);
    expect(reply).toMatch(/^Thanks, Elena\. I've passed this to our billing team\. /);
    expect(reply).not.toContain('What we refund');
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated', priority: 'high' });
  });

  // Not the last paraphrase: "invoice" puts the invoices article first there, and only the first article's sections
  // are chosen (passage-choice.ts); it still goes the billing way above.
  it.each(refundNotCome.slice(0, -1))('offers "Where is my refund?" first, before "What we refund", for "%s"', async (text) => {
    const kb = createEmbeddedKnowledgeBase();
    await kb.sync(readKnowledgeDir('knowledge'));
    const passages = toPacketPassages(await kb.search(text, { limit: 5, audience: 'customer' }));
    expect(passages[0]).toMatchObject({ article_id: 'billing/refunds-and-credits', heading: 'Where is my refund?' });
    expect(answerSections(passages, 'billing/refunds-and-credits')[0]?.heading).toBe('Where is my refund?');
  });
});
