// The Gemini decider sends through the lean transport (src/http-fetch.ts, wired in model-clients.ts by
// replacing the SDK client's one request method): this fails if a new @google/genai stops sending
// through it, and checks over loopback that answers, error statuses and timeouts come out as before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiDecider, type GeminiDeciderOptions } from '../../src/decide/gemini.js';
import { assessPacket } from '../support/assessment.js';
import { finalResult, makePacket, outcomesFor } from '../support/decider-fixtures.js';
import { apiError, functionCallResponse, jsonResponse, startGeminiServer, type GeminiServer } from '../support/gemini-server.js';
import { startGeminiSimulator } from '../support/gemini-simulator.js';

let server: GeminiServer;

function decider(baseUrl: string, overrides: Partial<GeminiDeciderOptions> = {}) {
  return createGeminiDecider({ apiKey: 'test-key', model: 'gemini-test', baseUrl, timeoutMs: 2_000, retry: { attempts: 1, sleep: async () => {} }, ...overrides });
}

beforeEach(async () => {
  server = await startGeminiServer();
});
afterEach(async () => {
  await server.close();
});

describe('gemini decider over the lean transport', () => {
  it('sends through it, not the global fetch, and reads both answers', async () => {
    // The global fetch (undici) marks every request with sec-fetch-mode; the lean transport does not.
    await fetch(`${server.baseUrl}/v1beta/models/probe:generateContent`, { method: 'POST', body: '{}' });
    expect(server.requests[0]!.headers['sec-fetch-mode']).toBe('cors');

    server.reply({ body: functionCallResponse([{ name: 'answer_customer', args: { answer: 'Done', resolved: true }, id: 'fc_1' }]) }, { body: jsonResponse(finalResult) });
    const gemini = decider(server.baseUrl);
    const packet = makePacket();
    const proposal = await gemini.propose(packet, assessPacket(packet));
    expect(proposal.calls).toEqual([{ id: 'fc_1', name: 'answer_customer', args: { answer: 'Done', resolved: true } }]);
    const final = await gemini.conclude(packet, proposal, outcomesFor(proposal), assessPacket(packet));
    expect(final.decision_summary).toBe(finalResult.decision_summary);

    const sent = server.requests.slice(1);
    expect(sent).toHaveLength(2);
    for (const r of sent) {
      expect(r.headers['sec-fetch-mode']).toBeUndefined();
      expect(r.headers['x-goog-api-key']).toBe('test-key');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.path).toBe('/v1beta/models/gemini-test:generateContent');
    }
    // Both calls went over one kept-alive connection (the probe's undici connection is another).
    expect(server.openConnections()).toBeLessThanOrEqual(2);
  });

  it('surfaces a 429 with its RetryInfo delay, and a 500, as retryable HTTP errors', async () => {
    server.reply({ status: 429, body: apiError(429, 'Resource has been exhausted', '2.5s') }, { status: 500, body: apiError(500, 'Internal error') });
    const gemini = decider(server.baseUrl);
    const rateLimited = await gemini.propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(rateLimited).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_429', retryable: true, retryAfterMs: 2_500 } });
    expect((rateLimited as Error).message).toContain('Resource has been exhausted');
    const failed = await gemini.propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_500', retryable: true } });
  });

  it('a timeout rejects promptly and closes its connection, without waiting for the answer', async () => {
    // Held 30 s against a 1 s timeout: gave up far sooner than the answer came, with room for a loaded machine.
    server.reply({ delayMs: 30_000, body: functionCallResponse([]) });
    const started = Date.now();
    const err = await decider(server.baseUrl, { timeoutMs: 1_000 })
      .propose(makePacket(), assessPacket(makePacket()))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(15_000);
    const deadline = Date.now() + 10_000;
    while (server.openConnections() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(server.openConnections()).toBe(0);
  });

  it('decides against the realistic bench’s simulator', async () => {
    const sim = await startGeminiSimulator();
    try {
      const gemini = decider(sim.baseUrl);
      const packet = makePacket();
      const proposal = await gemini.propose(packet, assessPacket(packet));
      const final = await gemini.conclude(packet, proposal, outcomesFor(proposal), assessPacket(packet));
      expect(final.decision_summary.length).toBeGreaterThan(0);
      expect(sim.stats.calls).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
