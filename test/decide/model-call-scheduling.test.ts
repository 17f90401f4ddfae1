// Both model deciders share one call scheduler: over the local Gemini and OpenAI-compatible servers,
// waiting tickets reach the model urgent first, and a server's retry delay holds every call back
// until it lapses instead of failing the tickets in flight. (The model_busy fallback is tested
// through the whole loop in test/core/model-busy.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/assess.js';
import type { Decider } from '../../src/core/ports.js';
import { callPriority } from '../../src/decide/call-priority.js';
import { CallScheduler } from '../../src/decide/call-scheduler.js';
import { createGeminiDecider } from '../../src/decide/gemini.js';
import { createOpenAIDecider } from '../../src/decide/openai.js';
import { howToPacket as howTo, messagePacket as packet, until, urgentBillingPacket as urgentBilling } from '../support/decider-fixtures.js';
import { assessPacket } from '../support/assessment.js';
import { apiError, functionCallResponse, startGeminiServer } from '../support/gemini-server.js';
import { errorBody, startOpenAIServer, toolCallsCompletion } from '../support/openai-server.js';

interface ModelServer {
  requests: { body: any }[];
  reply(...replies: { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }[]): void;
  close(): Promise<void>;
}

interface Kind {
  name: string;
  start(): Promise<ModelServer & { baseUrl: string }>;
  decider(baseUrl: string, scheduler: CallScheduler): Decider;
  /** A plain proposal: one answer_customer call. */
  proposal(delayMs?: number): { body: unknown; delayMs?: number };
  /** A 429 saying "retry in `ms`", as this protocol says it. */
  rateLimited(ms: number): { status: number; body: unknown; headers?: Record<string, string> };
  /** The customer message a recorded request carried. */
  messageOf(body: any): string;
}

const answer = { name: 'answer_customer', args: { answer: 'Here is how.', resolved: false } };
// The retry helper would wait out the server's delay itself; tests skip that wait so only the scheduler's pause holds calls back.
const noSleep = { attempts: 3, baseMs: 10, maxMs: 5_000, sleep: async () => {} };

const kinds: Kind[] = [
  {
    name: 'gemini',
    start: startGeminiServer,
    decider: (baseUrl, scheduler) => createGeminiDecider({ apiKey: 'test-key', model: 'gemini-test', baseUrl, scheduler, retry: noSleep }),
    proposal: (delayMs) => ({ body: functionCallResponse([answer]), ...(delayMs ? { delayMs } : {}) }),
    rateLimited: (ms) => ({ status: 429, body: apiError(429, 'Resource has been exhausted', `${ms / 1000}s`) }),
    messageOf: (body) => {
      const text: string = body.contents[0].parts[0].text;
      return JSON.parse(text.slice(text.indexOf('{'))).message;
    },
  },
  {
    name: 'openai',
    start: () => startOpenAIServer(),
    decider: (baseUrl, scheduler) => createOpenAIDecider({ model: 'qwen3:8b', baseUrl, scheduler, retry: noSleep }),
    proposal: (delayMs) => ({ body: toolCallsCompletion([answer]), ...(delayMs ? { delayMs } : {}) }),
    rateLimited: (ms) => ({ status: 429, headers: { 'retry-after-ms': String(ms) }, body: errorBody('Rate limit reached', 'requests') }),
    messageOf: (body) => {
      const text: string = body.messages.find((m: any) => m.role === 'user').content;
      return JSON.parse(text.split('\n')[1]!).message;
    },
  },
];

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('call priority from the assessment', () => {
  it('puts urgent first, then the tighter contractual SLA, then an open promise', () => {
    const low = assessPacket(howTo);
    const urgent = assessPacket(urgentBilling);
    expect([low.priority, urgent.priority]).toEqual(['low', 'urgent']);
    expect(callPriority(urgent)).toBeGreaterThan(callPriority(low));

    const onPlan = (a: Assessment, hours: number | null): Assessment => ({ ...a, priority: 'high', plan_known: hours !== null, plan: { ...a.plan, sla_hours: hours }, open_promises: [] });
    const enterpriseHigh = onPlan(urgent, 4);
    const proHigh = onPlan(urgent, 24);
    const noSlaHigh = onPlan(urgent, null);
    expect(callPriority(enterpriseHigh)).toBeGreaterThan(callPriority(proHigh));
    expect(callPriority(proHigh)).toBeGreaterThan(callPriority(noSlaHigh));
    // An urgent ticket with no SLA still goes before a high Enterprise one.
    expect(callPriority({ ...noSlaHigh, priority: 'urgent' })).toBeGreaterThan(callPriority(enterpriseHigh));
    const promised = { ...proHigh, open_promises: urgent.open_promises };
    expect(promised.open_promises.length).toBeGreaterThan(0);
    expect(callPriority(promised)).toBeGreaterThan(callPriority(proHigh));
    expect(callPriority(promised)).toBeLessThan(callPriority(enterpriseHigh));
  });
});

for (const kind of kinds) {
  describe(`${kind.name} decider under the call scheduler`, () => {
    it('sends the urgent ticket before an older low one when the model is saturated', async () => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 5_000 });
      const decider = kind.decider(s.baseUrl, scheduler);
      s.reply(kind.proposal(300), kind.proposal(), kind.proposal());
      const holder = packet('Is there a dark mode?');

      const held = decider.propose(holder, assessPacket(holder));
      await until(() => s.requests.length === 1);
      const older = decider.propose(howTo, assessPacket(howTo));
      const newer = decider.propose(urgentBilling, assessPacket(urgentBilling));
      expect(scheduler.stats()).toMatchObject({ inFlight: 1, queued: 2 });
      await Promise.all([held, older, newer]);

      expect(s.requests.map((r) => kind.messageOf(r.body))).toEqual([holder.message, urgentBilling.message, howTo.message]);
      expect(scheduler.stats().peakInFlight).toBe(1);
    });

    it("a ticket's wait budget spans both of its calls: time queued for the proposal is not given again for the reply", async () => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 1_000 });
      const decider = kind.decider(s.baseUrl, scheduler);
      s.reply(kind.proposal(600), kind.proposal(), kind.proposal(900));
      const holder = packet('Is there a dark mode?');
      const other = packet('Can I change my invoice address?');

      const held = decider.propose(holder, assessPacket(holder));
      await until(() => s.requests.length === 1);
      // Queued about 600 ms behind the holder: about 400 ms of its 1000 ms are left, less than the next hold.
      const proposal = await decider.propose(howTo, assessPacket(howTo));
      await held;
      const again = decider.propose(other, assessPacket(other));
      await until(() => s.requests.length === 3);
      const outcomes = proposal.calls.map((call) => ({ call, name: call.name, status: 'executed' as const, result: {} }));
      const err = await decider.conclude(howTo, proposal, outcomes, assessPacket(howTo)).catch((e: unknown) => e);

      expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'model_busy' } });
      await again;
      expect(s.requests).toHaveLength(3);
    });

    it('a 429 with a retry delay holds every call until it lapses, then both tickets go through', async () => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: 4, maxWaitMs: 5_000 });
      const decider = kind.decider(s.baseUrl, scheduler);
      s.reply(kind.rateLimited(400), kind.proposal(), kind.proposal());

      const first = decider.propose(howTo, assessPacket(howTo));
      await until(() => scheduler.stats().pausedUntil > 0);
      const pausedAt = Date.now();
      const second = decider.propose(urgentBilling, assessPacket(urgentBilling));
      await new Promise((r) => setTimeout(r, 150));
      // Neither the retry nor the new ticket has gone to the model during the pause.
      expect(s.requests).toHaveLength(1);
      const proposals = await Promise.all([first, second]);

      expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(300);
      expect(proposals.map((p) => p.calls.map((c) => c.name))).toEqual([['answer_customer'], ['answer_customer']]);
      expect(s.requests).toHaveLength(3);
    });
  });
}
