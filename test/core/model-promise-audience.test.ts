// A promise on the account made to one person ("Support promised Ben a manual credit of $49") is Ben's: a
// model deciding Ava's ticket is not shown it, so it cannot tell her about Ben's credit, while a promise to
// the company stays in what it sees and the brief staff read still lists both. Through the whole loop with
// the real SDKs against scripted local model servers: what each model request carried, and what came of it.
import { describe, expect, it } from 'vitest';
import { functionCallResponse, jsonResponse, startGeminiServer } from '../support/gemini-server.js';
import { jsonCompletion, startOpenAIServer, toolCallsCompletion } from '../support/openai-server.js';
import { memdeskPerTest } from '../support/memdesk-env.js';
import { benUrgentFinal } from '../support/decider-fixtures.js';

const testMemdesk = memdeskPerTest();

const toBen = 'On 2026-11-20 Ben reported a double charge. Support promised Ben a manual credit of $49 on his next invoice.';
const toCompany = 'Ben said Dana would credit us for March.';
const question = 'Can you check the charge on our card this month?';

async function northwind(env: Record<string, string>) {
  const m = await testMemdesk(env);
  await m.seed([
    { scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' },
    { scope: 'account', id: 'acct_northwind', text: toBen },
    { scope: 'account', id: 'acct_northwind', text: toCompany },
  ], {});
  return m;
}

const escalation = (customer_id: string, id: string) => ({
  id,
  name: 'create_escalation_ticket',
  args: { customer_id, account_id: 'acct_northwind', priority: 'high', reason: 'billing question with an open promise', summary: 'Card charge to check', handoff_summary: 'Card charge to check.' },
});
const final = (first: string) =>
  benUrgentFinal({ customer_response: `Thanks ${first}, our billing team has your ticket and will check the charge.`, handoff_brief: `${first}, Northwind: asks us to check a card charge.` });

describe('a model deciding for another member of the account', () => {
  it('Gemini is not shown the promise made to Ben when Ava writes; the brief staff read still lists it', async () => {
    const gemini = await startGeminiServer();
    try {
      const m = await northwind({ DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl, GEMINI_MODEL: 'gemini-test' });
      gemini.reply({ body: functionCallResponse([escalation('cust_ava', 'fc_1')]) }, { body: jsonResponse(final('Ava')) });
      const o = await m.handleTicket({ user: 'cust_ava', message: question });

      expect(gemini.requests).toHaveLength(2);
      for (const request of gemini.requests) {
        const sent = JSON.stringify(request.body.contents);
        expect(sent).not.toContain('$49');
        expect(sent).not.toContain('promised Ben');
        expect(sent).toContain(toCompany);
      }
      expect(o.decided_by).toBe('gemini');
      expect(o.customer_response).toBe('Thanks Ava, our billing team has your ticket and will check the charge.');
      expect(o.handoff_brief).toContain('Ava, Northwind: asks us to check a card charge.');
      expect(o.handoff_brief).toContain('Open promises to another member of the account (not for this customer): 2026-11-20: manual credit of $49 on the next invoice (to Ben)');
    } finally {
      await gemini.close();
    }
  });

  it('Gemini is shown it when Ben writes, and the brief is the model\'s own', async () => {
    const gemini = await startGeminiServer();
    try {
      const m = await northwind({ DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl, GEMINI_MODEL: 'gemini-test' });
      gemini.reply({ body: functionCallResponse([escalation('cust_ben', 'fc_1')]) }, { body: jsonResponse(final('Ben')) });
      const o = await m.handleTicket({ user: 'cust_ben', message: question });
      for (const request of gemini.requests) expect(JSON.stringify(request.body.contents)).toContain('Support promised Ben a manual credit of $49');
      expect(o.handoff_brief).not.toContain('another member of the account');
    } finally {
      await gemini.close();
    }
  });

  it('an OpenAI-compatible model is not shown it either, in either request', async () => {
    const server = await startOpenAIServer();
    try {
      const m = await northwind({ DECIDER: 'openai', OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'qwen3:8b' });
      server.reply({ body: toolCallsCompletion([escalation('cust_ava', 'call_1')]) }, { body: jsonCompletion(final('Ava')) });
      const o = await m.handleTicket({ user: 'cust_ava', message: question });

      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) {
        const sent = JSON.stringify(request.body.messages);
        expect(sent).not.toContain('$49');
        expect(sent).toContain(toCompany);
      }
      expect(o.decided_by).toBe('openai');
      expect(o.handoff_brief).toContain('manual credit of $49 on the next invoice (to Ben)');
    } finally {
      await server.close();
    }
  });
});
