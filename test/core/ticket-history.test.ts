// A continued ticket's packet carries its earlier turns: what the customer asked, what memdesk did and
// said, the articles it cited. Driven through the whole loop with the real @google/genai SDK against a
// scripted Gemini on loopback, so what is asserted is what the model is sent. A model that answers
// "still doesn't work" with the article that failed is blocked, and a person takes the ticket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { functionCallResponse, jsonResponse, startGeminiServer, type GeminiServer, type RecordedRequest } from '../support/gemini-server.js';
import { testMemdesk } from '../support/memdesk-env.js';
import { benUrgentFinal } from '../support/decider-fixtures.js';

let gemini: GeminiServer;
let m: Memdesk & { dataDir: string; cleanup(): Promise<void> };

beforeEach(async () => {
  gemini = await startGeminiServer();
  m = await testMemdesk({ DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl, GEMINI_MODEL: 'gemini-test' });
  await m.seed(m.demoSeed(), {});
});
afterEach(async () => {
  await m.cleanup();
  await gemini.close();
});

const rotateAnswer = { id: 'fc_1', name: 'answer_customer', args: { answer: 'Open the key and click Rotate, then update your integrations.', resolved: false, sources: ['developers/api-keys'] } };

/** The decision packet a request carried, as the model reads it. */
function packetSent(request: RecordedRequest): Record<string, unknown> {
  const text = request.body.contents.flatMap((c: { parts: { text?: string }[] }) => c.parts).find((p: { text?: string }) => p.text?.startsWith('Decision packet (JSON):'))?.text as string;
  return JSON.parse(text.slice(text.indexOf('{')));
}

describe("a continued ticket's packet", () => {
  it('carries the earlier turn, and the article the customer says failed is not sent again', async () => {
    gemini.reply({ body: functionCallResponse([rotateAnswer]) }, { body: jsonResponse(benUrgentFinal({ customer_response: rotateAnswer.args.answer, issue_type: 'how_to', tools_executed: ['answer_customer'], handoff_brief: '' })) });
    const first = await m.handleTicket({ user: 'cust_ben', message: 'How do I rotate an API key?' });
    expect(first.cited).toEqual(['developers/api-keys']);
    expect(packetSent(gemini.requests[0]!).history).toEqual([]);

    // The model tries the same article again.
    gemini.reply({ body: functionCallResponse([rotateAnswer]) });
    const second = await m.handleTicket({ user: 'cust_ben', ticketId: first.ticket_id, message: "I followed the steps, it still doesn't work." });
    const sent = packetSent(gemini.requests[2]!);
    expect(sent.message).toBe("I followed the steps, it still doesn't work.");
    expect(sent.history).toEqual([
      {
        customer: 'How do I rotate an API key?',
        action: 'answer_customer',
        // The cited article says what was answered; the reply itself is left out to spare tokens.
        cited: [{ article_id: 'developers/api-keys', title: 'Create, scope and rotate API keys' }],
      },
    ]);

    expect(second.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked', reason: expect.stringContaining('developers/api-keys did not solve it') });
    expect(second.cited).toEqual([]);
    expect(second.escalation).toMatchObject({ priority: 'medium', reason: 'the customer said the help-center answer did not solve it' });
    expect(second.handoff_brief).toContain('Create, scope and rotate API keys (https://help.cobalt.example/developers/api-keys)');
    expect(second.ticket.status).toBe('escalated');
  });
});
