// A ticket never stalls behind a saturated model: with GEMINI_MAX_CONCURRENCY calls in flight, a
// ticket that gets no turn within DECIDE_WAIT_MS is decided by the policy engine, and says so. Over
// the whole loop, configured from the environment, for Gemini and an OpenAI-compatible server.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Memdesk } from '../../src/memdesk.js';
import { functionCallResponse, jsonResponse, startGeminiServer } from '../support/gemini-server.js';
import { benEscalation, benUrgentFinal, until } from '../support/decider-fixtures.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';
import { jsonCompletion, startOpenAIServer, toolCallsCompletion } from '../support/openai-server.js';

const escalation = benEscalation();
const final = benUrgentFinal({ customer_response: 'Thanks Ben, our billing team has your ticket and will follow up within 4 hours.' });

interface ScriptedServer {
  requests: unknown[];
  close(): Promise<void>;
}

const kinds = [
  {
    name: 'gemini',
    async start(slowMs: number) {
      const s = await startGeminiServer();
      s.reply({ body: functionCallResponse([escalation]), delayMs: slowMs }, { body: jsonResponse(final) });
      return { server: s, env: { DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: s.baseUrl, GEMINI_MODEL: 'gemini-test' } };
    },
  },
  {
    name: 'openai',
    async start(slowMs: number) {
      const s = await startOpenAIServer();
      s.reply({ body: toolCallsCompletion([escalation]), delayMs: slowMs }, { body: jsonCompletion(final) });
      return { server: s, env: { DECIDER: 'openai', OPENAI_BASE_URL: s.baseUrl, OPENAI_MODEL: 'qwen3:8b' } };
    },
  },
];

let server: ScriptedServer | undefined;
let m: (Memdesk & { cleanup(): Promise<void> }) | undefined;
afterEach(async () => {
  await m?.cleanup();
  await server?.close();
  m = server = undefined;
});

for (const kind of kinds) {
  describe(`DECIDER=${kind.name} with one model call in flight`, () => {
    // Ben's proposal is held 8 s, so Fiona's whole turn up to its decision fits inside it however loaded the machine.
    it('a ticket that waits longer than DECIDE_WAIT_MS is decided by the policy engine, recorded as model_busy', { timeout: 60_000 }, async () => {
      const started = await kind.start(8_000);
      server = started.server;
      m = await testMemdesk({ ...started.env, GEMINI_MAX_CONCURRENCY: '1', DECIDE_WAIT_MS: '150' });
      await m.seed(m.demoSeed(), {});

      const ben = m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
      await until(() => started.server.requests.length > 0);
      const fiona = await m.handleTicket({ user: 'cust_fiona', message: 'How do I export my reports to CSV?' });

      expect(fiona.decided_by).toBe('policy (fallback: model_busy)');
      expect(fiona.customer_response.length).toBeGreaterThan(0);
      expect(fiona.customer_response).not.toMatch(/model_busy|fallback/i);
      const benOutcome = await ben;
      expect(benOutcome.decided_by).toBe(kind.name);
      expect(benOutcome.tools_executed).toContain('create_escalation_ticket');
      // Ben's two calls reached the model; Fiona's never did.
      expect(started.server.requests).toHaveLength(2);
    });
  });
}

describe('model call scheduling settings', () => {
  it('default to 512 calls in flight, no rate limits and a 20 s wait; a bad value is named', () => {
    const defaults = loadConfig({});
    expect([defaults.GEMINI_MAX_CONCURRENCY, defaults.DECIDE_WAIT_MS, defaults.GEMINI_RPM, defaults.GEMINI_TPM]).toEqual([512, 20_000, undefined, undefined]);
    expect(loadConfig({ GEMINI_RPM: '60', GEMINI_TPM: '250000', DECIDE_WAIT_MS: '0' })).toMatchObject({ GEMINI_RPM: 60, GEMINI_TPM: 250_000, DECIDE_WAIT_MS: 0 });
    expect(() => loadConfig({ GEMINI_MAX_CONCURRENCY: '0' })).toThrow(/GEMINI_MAX_CONCURRENCY: must be a whole number of at least 1/);
    expect(() => loadConfig({ GEMINI_RPM: 'lots' })).toThrow(/GEMINI_RPM: must be a whole number of at least 1/);
  });
});
