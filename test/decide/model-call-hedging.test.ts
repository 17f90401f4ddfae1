// Hedged model requests (MODEL_HEDGE), over loopback with both model deciders: an urgent ticket's
// request still unanswered after the hedge delay is sent once more through the call scheduler, the
// first good answer is used and the slow request aborted; a normal ticket is never hedged, nor is
// any when the scheduler has no free slot at once, nor with MODEL_HEDGE=off.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Decider, DecisionPacket } from '../../src/core/ports.js';
import { CallScheduler } from '../../src/decide/call-scheduler.js';
import { createGeminiDecider } from '../../src/decide/gemini.js';
import type { ModelDeciderOptions } from '../../src/decide/model-calls.js';
import { createOpenAIDecider } from '../../src/decide/openai.js';
import { howToPacket as howTo, until, urgentBillingPacket as urgentBilling } from '../support/decider-fixtures.js';
import { assessPacket } from '../support/assessment.js';
import { apiError, functionCallResponse, startGeminiServer } from '../support/gemini-server.js';
import { errorBody, startOpenAIServer, toolCallsCompletion } from '../support/openai-server.js';

interface ModelServer {
  baseUrl: string;
  requests: { body: any; abandoned: boolean }[];
  reply(...replies: { status?: number; body?: unknown; delayMs?: number }[]): void;
  close(): Promise<void>;
}

type Hedging = Pick<ModelDeciderOptions, 'hedge' | 'hedgeDelay'>;

interface Kind {
  name: string;
  start(): Promise<ModelServer>;
  decider(baseUrl: string, scheduler: CallScheduler, hedging: Hedging): Decider;
  /** A plain proposal: one answer_customer call. */
  proposal(delayMs?: number): { body: unknown; delayMs?: number };
  /** A 500, after `delayMs`. */
  failure(delayMs: number): { status: number; body: unknown; delayMs: number };
}

const answer = { name: 'answer_customer', args: { answer: 'Here is how.', resolved: false } };
const noSleep = { attempts: 3, baseMs: 10, maxMs: 5_000, sleep: async () => {} };
// Three answers known, and a request slower than 150 ms (or their p95, if slower) is hedged.
const quickHedge: Hedging = { hedge: 'urgent', hedgeDelay: { minSamples: 3, floorMs: 150 } };

const kinds: Kind[] = [
  {
    name: 'gemini',
    start: startGeminiServer,
    decider: (baseUrl, scheduler, hedging) => createGeminiDecider({ apiKey: 'test-key', model: 'gemini-test', baseUrl, scheduler, retry: noSleep, ...hedging }),
    proposal: (delayMs) => ({ body: functionCallResponse([answer]), ...(delayMs ? { delayMs } : {}) }),
    failure: (delayMs) => ({ status: 500, body: apiError(500, 'Internal error'), delayMs }),
  },
  {
    name: 'openai',
    start: () => startOpenAIServer(),
    decider: (baseUrl, scheduler, hedging) => createOpenAIDecider({ model: 'qwen3:8b', baseUrl, scheduler, retry: noSleep, ...hedging }),
    proposal: (delayMs) => ({ body: toolCallsCompletion([answer]), ...(delayMs ? { delayMs } : {}) }),
    failure: (delayMs) => ({ status: 500, body: errorBody('Internal error'), delayMs }),
  },
];

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Three quick answers, so the decider knows how fast its model is (the hedge delay is then the floor). */
async function warmUp(s: ModelServer, kind: Kind, decider: Decider): Promise<void> {
  s.reply(kind.proposal(), kind.proposal(), kind.proposal());
  for (let i = 0; i < 3; i++) await decider.propose(howTo, assessPacket(howTo));
}

describe('the test tickets', () => {
  it('are one urgent and one that is not', () => {
    expect(assessPacket(urgentBilling).priority).toBe('urgent');
    expect(assessPacket(howTo).priority).not.toBe('urgent');
  });
});

describe('MODEL_HEDGE', () => {
  it('is urgent unless set to off, and nothing else', () => {
    expect(loadConfig({}).MODEL_HEDGE).toBe('urgent');
    expect(loadConfig({ MODEL_HEDGE: 'off' }).MODEL_HEDGE).toBe('off');
    expect(() => loadConfig({ MODEL_HEDGE: 'always' })).toThrow(/MODEL_HEDGE/);
  });
});

for (const kind of kinds) {
  describe(`${kind.name} decider, hedged requests`, () => {
    it("answers an urgent ticket whose request is slow from the hedge, and aborts the slow request", async () => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: 4, maxWaitMs: 5_000 });
      const decider = kind.decider(s.baseUrl, scheduler, quickHedge);
      await warmUp(s, kind, decider);
      // The first request held 25 s: only the hedge can answer in far less, however loaded the machine.
      s.reply(kind.proposal(25_000), kind.proposal());

      const started = Date.now();
      const proposal = await decider.propose(urgentBilling, assessPacket(urgentBilling));

      expect(Date.now() - started).toBeLessThan(15_000);
      expect(proposal.calls.map((c) => c.name)).toEqual(['answer_customer']);
      expect(s.requests).toHaveLength(5);
      // The same request, sent again.
      expect(s.requests[4]!.body).toEqual(s.requests[3]!.body);
      await until(() => s.requests[3]!.abandoned);
      expect(s.requests[4]!.abandoned).toBe(false);
      // The turn's record counts both requests.
      expect(proposal.usage).toMatchObject({ requests: 2, hedged: 1 });
      await until(() => scheduler.stats().inFlight === 0);
      expect(scheduler.stats().peakInFlight).toBe(2);
    });

    it('keeps the other request going when one of the two fails', async () => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: 4, maxWaitMs: 5_000 });
      const decider = kind.decider(s.baseUrl, scheduler, quickHedge);
      await warmUp(s, kind, decider);
      // The first fails after the hedge went out; the hedge answers later.
      s.reply(kind.failure(400), kind.proposal(500));

      const proposal = await decider.propose(urgentBilling, assessPacket(urgentBilling));

      expect(proposal.calls.map((c) => c.name)).toEqual(['answer_customer']);
      // No retry: the hedge was still out when the first failed, and it answered.
      expect(s.requests).toHaveLength(5);
      expect(proposal.usage).toMatchObject({ requests: 2, hedged: 1 });
    });

    // Each waits out a slow request (600 ms) that an urgent ticket with a free slot would have hedged.
    const unhedged: [string, { packet: DecisionPacket; slots: number; hedge: 'urgent' | 'off' }][] = [
      ['never hedges a ticket that is not urgent', { packet: howTo, slots: 4, hedge: 'urgent' }],
      ['sends no hedge when the scheduler has no free slot at once', { packet: urgentBilling, slots: 1, hedge: 'urgent' }],
      ['sends no hedge with MODEL_HEDGE=off', { packet: urgentBilling, slots: 4, hedge: loadConfig({ MODEL_HEDGE: 'off' }).MODEL_HEDGE }],
    ];
    it.each(unhedged)('%s', async (_, c) => {
      const s = await kind.start();
      server = s;
      const scheduler = new CallScheduler({ maxConcurrency: c.slots, maxWaitMs: 5_000 });
      const decider = kind.decider(s.baseUrl, scheduler, { hedge: c.hedge, hedgeDelay: quickHedge.hedgeDelay! });
      await warmUp(s, kind, decider);
      s.reply(kind.proposal(600));

      const started = Date.now();
      const proposal = await decider.propose(c.packet, assessPacket(c.packet));

      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      expect(s.requests).toHaveLength(4);
      expect(s.requests[3]!.abandoned).toBe(false);
      expect(proposal.usage).toMatchObject({ requests: 1, hedged: 0 });
      expect(scheduler.stats().peakInFlight).toBe(1);
    });
  });
}
