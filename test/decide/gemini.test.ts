// Drives the real @google/genai SDK against a local Gemini stand-in and checks both what
// the SDK sent and what the decider (and its fallback wrapper) made of the answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { concludeInstructions } from '../../src/core/packet.js';
import { toolNames } from '../../src/core/tools.js';
import { withFallback } from '../../src/decide/fallback.js';
import { createGeminiDecider, type GeminiDeciderOptions } from '../../src/decide/gemini.js';
import { MemdeskError } from '../../src/errors.js';
import { assessPacket } from '../support/assessment.js';
import { csmArgs, escalationArgs, fakePolicy, finalResult, instructions, makePacket, outcomesFor, policyText } from '../support/decider-fixtures.js';
import { modelCallInputs } from '../../src/decide/model-prompt.js';
import { backoffMs, withRetry } from '../../src/retry.js';
import {
  apiError,
  emptyResponse,
  functionCallResponse,
  jsonResponse,
  safetyBlockedResponse,
  startGeminiServer,
  textResponse,
  usageMetadata,
  type GeminiServer,
} from '../support/gemini-server.js';

const baselinePacket = () =>
  makePacket({ trace_id: 'trace_baseline', memory_enabled: false, memories: { customer: [], account: [] } });

/** The decision packet JSON the SDK sent in a request's first user part. */
function sentPacket(body: any): Record<string, unknown> {
  const text: string = body.contents[0].parts[0].text;
  return JSON.parse(text.slice(text.indexOf('{')));
}

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
  return [];
}

let server: GeminiServer;
let sleeps: number[];

function decider(overrides: Partial<GeminiDeciderOptions> = {}) {
  return createGeminiDecider({
    apiKey: 'test-key',
    model: 'gemini-test',
    baseUrl: server.baseUrl,
    timeoutMs: 2_000,
    retry: { attempts: 3, baseMs: 10, maxMs: 100, sleep: async (ms) => void sleeps.push(ms) },
    ...overrides,
  });
}

beforeEach(async () => {
  server = await startGeminiServer();
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

describe('gemini decider: the two-call flow', () => {
  it('declares the five tools, sends policy and memories, then answers every call by id', async () => {
    server.reply(
      {
        body: functionCallResponse(
          [
            { name: 'create_escalation_ticket', args: escalationArgs, id: 'fc_esc' },
            { name: 'notify_customer_success_manager', args: csmArgs, id: 'fc_csm' },
          ],
          usageMetadata(900, 60),
        ),
      },
      { body: jsonResponse(finalResult, usageMetadata(1100, 80)) },
    );
    const gemini = decider();
    const packet = makePacket();

    const proposal = await gemini.propose(packet, assessPacket(packet));
    expect(proposal.calls).toEqual([
      { id: 'fc_esc', name: 'create_escalation_ticket', args: escalationArgs },
      { id: 'fc_csm', name: 'notify_customer_success_manager', args: csmArgs },
    ]);
    expect(proposal.usage).toEqual({ prompt_tokens: 900, candidate_tokens: 60, requests: 1, hedged: 0 });

    const final = await gemini.conclude(packet, proposal, outcomesFor(proposal), assessPacket(packet));
    expect(final).toEqual({ ...finalResult, usage: { prompt_tokens: 2000, candidate_tokens: 140, requests: 2, hedged: 0 } });
    expect(server.requests).toHaveLength(2);

    const [call1, call2] = server.requests.map((r) => r.body);
    for (const r of server.requests) {
      expect(r.path).toBe('/v1beta/models/gemini-test:generateContent');
      expect(r.headers['x-goog-api-key']).toBe('test-key');
    }

    // call 1: tools, AUTO mode, policy in the system instruction only, memories in the packet
    const declared = call1.tools[0].functionDeclarations;
    expect(declared.map((d: any) => d.name).sort()).toEqual([...toolNames].sort());
    for (const d of declared) {
      expect(d.parametersJsonSchema.type).toBe('object');
      expect(d.parametersJsonSchema.$schema).toBeUndefined();
    }
    expect(call1.toolConfig.functionCallingConfig.mode).toBe('AUTO');
    const system: string = call1.systemInstruction.parts[0].text;
    expect(system).toContain(instructions);
    expect(system).toContain(policyText);
    expect(JSON.stringify(call1.contents)).not.toContain('4-hour SLA');
    const sent = sentPacket(call1);
    expect(sent).toMatchObject({ today: '2026-11-25', message: packet.message, memory_enabled: true, ticket_state: null });
    expect(JSON.stringify(sent.memories)).toContain('INV-1042');
    expect(JSON.stringify(sent.memories)).toContain('Dana Lee');
    expect(sent).not.toHaveProperty('trace_id');
    expect(call1.generationConfig?.responseMimeType).toBeUndefined();
    expect(JSON.stringify(call1)).not.toMatch(/abortSignal|httpOptions/);

    // call 2: same conversation, the model's turn, one response per call id, JSON schema, no tools; its system text says
    // the calls have run (not how to choose them), as the OpenAI decider's does
    expect(call2.tools).toBeUndefined();
    expect(call2.systemInstruction.parts[0].text).toBe(`${concludeInstructions}\n\n${policyText}`);
    expect(call2.generationConfig.responseMimeType).toBe('application/json');
    expect(call2.generationConfig.responseJsonSchema.required).toEqual(
      expect.arrayContaining(['customer_response', 'decision_summary', 'handoff_brief', 'mem0_value', 'tools_executed']),
    );
    expect(call2.contents).toHaveLength(3);
    expect(call2.contents[0]).toEqual(call1.contents[0]);
    expect(call2.contents[1].role).toBe('model');
    expect(call2.contents[1].parts.map((p: any) => p.functionCall.id)).toEqual(['fc_esc', 'fc_csm']);
    const answer = call2.contents[2];
    expect(answer.role).toBe('user');
    expect(answer.parts.slice(0, 2)).toEqual([
      {
        functionResponse: {
          id: 'fc_esc',
          name: 'create_escalation_ticket',
          response: { result: { escalation_id: 'esc_1', sla_due_at: '2026-11-25T13:00:00Z' } },
        },
      },
      {
        functionResponse: {
          id: 'fc_csm',
          name: 'notify_customer_success_manager',
          response: { error: 'a CSM was already told about this account today' },
        },
      },
    ]);
    expect(answer.parts[2].text).toMatch(/final JSON/);
  });

  it('gives calls without a model id a generated one, used on both sides of call 2', async () => {
    server.reply(
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs }]) },
      { body: jsonResponse(finalResult) },
    );
    const gemini = decider();
    const proposal = await gemini.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.id)).toEqual(['call_1']);
    await gemini.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    const call2 = server.requests[1]!.body;
    expect(call2.contents[1].parts[0].functionCall.id).toBe('call_1');
    expect(call2.contents[2].parts[0].functionResponse.id).toBe('call_1');
  });

  it('sends a baseline (memory off) packet with no plan or label fields', async () => {
    server.reply({ body: functionCallResponse([{ name: 'answer_customer', args: { answer: 'Looking into it', resolved: false } }]) });
    await decider().propose(baselinePacket(), assessPacket(baselinePacket()));
    const sent = sentPacket(server.requests[0]!.body);
    expect(sent).toMatchObject({ memory_enabled: false, memories: { customer: [], account: [] } });
    expect(keysDeep(sent).filter((k) => /plan|label|tier|csm/i.test(k))).toEqual([]);
    expect(JSON.stringify(sent)).not.toMatch(/enterprise|renewal_risk|Dana Lee/i);
    // the seeded packet does carry them, so the check above means something
    expect(JSON.stringify(makePacket().memories)).toMatch(/renewal_risk/);
  });

  it('returns no calls when the model answers in text; the loop decides what that means', async () => {
    server.reply({ body: textResponse('I would answer the customer directly.') });
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toEqual([]);
    expect(proposal.state).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });
});

describe('gemini decider: repairs', () => {
  it('re-asks once after an unknown tool, then gives up with decider_failed', async () => {
    const bad = { body: functionCallResponse([{ name: 'refund_customer', args: { amount: 120 } }]) };
    server.reply(bad, bad);
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'unknown_tool' } });
    expect(server.requests).toHaveLength(2);
    const note: string = server.requests[1]!.body.contents.at(-1).parts.at(-1).text;
    expect(note).toContain('refund_customer');
    expect(note).toContain('answer_customer');
  });

  it('accepts the repaired proposal when the second answer uses a real tool', async () => {
    server.reply(
      { body: functionCallResponse([{ name: 'refund_customer', args: {} }], usageMetadata(100, 10)) },
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'fc_2' }], usageMetadata(130, 12)) },
    );
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.name)).toEqual(['create_escalation_ticket']);
    expect(proposal.usage).toEqual({ prompt_tokens: 230, candidate_tokens: 22, requests: 2, hedged: 0 });
  });

  it('recovers from invalid final JSON with one more call (three in all)', async () => {
    server.reply(
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'fc_esc' }]) },
      { body: textResponse('{"customer_response": "Sorry, we') },
      { body: jsonResponse(finalResult) },
    );
    const gemini = decider();
    const proposal = await gemini.propose(makePacket(), assessPacket(makePacket()));
    const final = await gemini.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(final.customer_response).toBe(finalResult.customer_response);
    expect(server.requests).toHaveLength(3);
    const repairParts = server.requests[2]!.body.contents.at(-1).parts;
    expect(repairParts[0].functionResponse.id).toBe('fc_esc');
    expect(repairParts.at(-1).text).toMatch(/not valid JSON/);
  });

  it('treats JSON that misses required fields as invalid', async () => {
    const partial = { customer_response: 'ok' };
    server.reply(
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs }]) },
      { body: jsonResponse(partial) },
      { body: jsonResponse(partial) },
    );
    const gemini = decider();
    const proposal = await gemini.propose(makePacket(), assessPacket(makePacket()));
    const err = await gemini.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'invalid_final_json' } });
    expect((err as Error).message).toContain('decision_summary');
  });
});

describe('gemini decider: transport failures', () => {
  it('retries a 429, honouring the RetryInfo delay', async () => {
    server.reply(
      { status: 429, body: apiError(429, 'Resource has been exhausted', '0.05s') },
      { body: functionCallResponse([{ name: 'answer_customer', args: { answer: 'Done', resolved: true } }]) },
    );
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([50]);
  });

  it('does not retry a 400', async () => {
    server.reply({ status: 400, body: apiError(400, 'Invalid JSON payload') });
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_400' } });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a slow answer and retries it', async () => {
    // Each reply held 30 s against a 1 s timeout: a loaded machine's scheduler delays cannot make either arrive in time.
    server.reply({ delayMs: 30_000, body: {} }, { delayMs: 30_000, body: {} });
    const err = await decider({ timeoutMs: 1_000, retry: { attempts: 2, sleep: async () => {} } })
      .propose(makePacket(), assessPacket(makePacket()))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'timeout' } });
    expect(server.requests).toHaveLength(2);
  });

  it('holds a whole turn to tries × timeout, as the OpenAI-compatible decider does (MODEL_TRIES × MODEL_TIMEOUT_MS)', async () => {
    // 3 tries × 2 s for the turn: the proposal's first try times out, its retry answers at once, and conclude
    // gets only what is left instead of three more 2 s tries. Seconds, not milliseconds, so a loaded
    // machine's scheduler cannot push the immediate answer past its timeout.
    server.reply(
      { delayMs: 60_000, body: {} },
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs }]) },
      { delayMs: 60_000, body: {} },
      { delayMs: 60_000, body: {} },
      { delayMs: 60_000, body: {} },
    );
    const gemini = decider({ timeoutMs: 2_000, retry: { attempts: 3, sleep: async () => {} } });
    const packet = makePacket();
    const assessment = assessPacket(packet);
    const started = Date.now();
    const proposal = await gemini.propose(packet, assessment);
    const err = await gemini.conclude(packet, proposal, outcomesFor(proposal), assessment).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'timeout' } });
    expect(server.requests.length).toBeLessThan(5);
    // Far under the 60 s each unanswered request is held: the turn gave up at its 6 s budget (the request
    // count above is what tells a bounded turn from three more tries).
    expect(elapsed).toBeLessThan(20_000);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = server.baseUrl;
    await server.close();
    const err = await createGeminiDecider({ apiKey: 'k', model: 'gemini-test', baseUrl: closed, retry: { attempts: 2, sleep: async () => {} } })
      .propose(makePacket(), assessPacket(makePacket()))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'network' } });
    server = await startGeminiServer(); // afterEach closes it
  });
});

describe('withFallback', () => {
  it('says gemini decided when nothing failed', async () => {
    server.reply(
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs }]) },
      { body: jsonResponse(finalResult) },
    );
    const policy = fakePolicy();
    const wrapped = withFallback(decider(), policy.decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    const final = await wrapped.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(wrapped.name).toBe('gemini');
    // Nothing says otherwise, so the loop reports the decider's own name.
    expect(proposal.decided_by).toBeUndefined();
    expect(final.decided_by).toBeUndefined();
    expect(policy.proposed()).toBe(0);
  });

  it('hands a persistent 500 to the policy decider for both steps', async () => {
    const fail = { status: 500, body: apiError(500, 'Internal error encountered.') };
    server.reply(fail, fail, fail);
    const policy = fakePolicy();
    const wrapped = withFallback(decider(), policy.decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls[0]!.id).toBe('policy_1');
    expect(server.requests).toHaveLength(3);
    const final = await wrapped.conclude(makePacket(), proposal, [], assessPacket(makePacket()));
    expect(final.decision_summary).toBe('policy decided');
    expect(server.requests).toHaveLength(3); // conclude never went to Gemini
    expect(proposal.decided_by).toBe('policy (fallback: http_500)');
    expect(final.decided_by).toBe('policy (fallback: http_500)');
  });

  it('repairs an empty answer once, then falls back', async () => {
    server.reply({ body: emptyResponse() }, { body: emptyResponse() });
    const policy = fakePolicy();
    const wrapped = withFallback(decider(), policy.decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests).toHaveLength(2);
    expect(proposal.decided_by).toBe('policy (fallback: empty_answer)');
  });

  it('repairs a safety-blocked final answer once, then concludes with the policy decider and the same outcomes', async () => {
    server.reply(
      { body: functionCallResponse([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'fc_esc' }]) },
      { body: safetyBlockedResponse() },
      { body: safetyBlockedResponse() },
    );
    const policy = fakePolicy();
    const wrapped = withFallback(decider(), policy.decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    const outcomes = outcomesFor(proposal);
    const final = await wrapped.conclude(makePacket(), proposal, outcomes, assessPacket(makePacket()));
    expect(final.decision_summary).toBe('policy decided');
    expect(server.requests).toHaveLength(3);
    expect(policy.proposed()).toBe(0);
    // same calls and outcomes, but not Gemini's private conversation state
    expect(policy.concluded).toEqual([{ proposal: { calls: proposal.calls, usage: proposal.usage }, outcomes }]);
    expect(final.decided_by).toBe('policy (fallback: safety_block)');
  });

  it('keeps each turn\'s decision with its own proposal', async () => {
    server.reply(
      { status: 503, body: apiError(503, 'overloaded') },
      { status: 503, body: apiError(503, 'overloaded') },
      { status: 503, body: apiError(503, 'overloaded') },
      { body: textResponse('nothing to do') },
    );
    const wrapped = withFallback(decider(), fakePolicy().decider);
    const a = await wrapped.propose(makePacket({ trace_id: 'trace_a' }), assessPacket(makePacket({ trace_id: 'trace_a' })));
    const b = await wrapped.propose(makePacket({ trace_id: 'trace_b' }), assessPacket(makePacket({ trace_id: 'trace_b' })));
    expect(a.decided_by).toBe('policy (fallback: http_503)');
    expect(b.decided_by).toBeUndefined();
  });
});

describe('withRetry', () => {
  const retryable = () => true;

  it('keeps full-jitter delays under the doubling ceiling and maxMs', () => {
    const options = { baseMs: 100, maxMs: 300, random: () => 0.999 };
    expect([1, 2, 3, 4].map((a) => backoffMs(a, options))).toEqual([99, 199, 299, 299]);
    expect(backoffMs(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('stops at the attempt limit and rethrows the last error', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
      { attempts: 3, baseMs: 1, maxMs: 1, isRetryable: retryable, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('boom 3');
    expect(calls).toBe(3);
  });

  it('gives up at once when the server asks to wait longer than maxMs', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new MemdeskError('decider_failed', 'slow down', { reason: 'http_429', retryable: true, repairable: false, retryAfterMs: 60_000 });
      },
      { attempts: 5, baseMs: 1, maxMs: 1_000, isRetryable: retryable, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('slow down');
    expect(calls).toBe(1);
  });
});

describe('gemini decider: what the second request resends', () => {
  const passage = { id: 'p1', article_id: 'billing/invoices', title: 'Invoices', url: 'https://help.example/billing/invoices', heading: 'Duplicate charges', text: 'A duplicate charge is refunded within 5 days.', score: 0.9 };
  const packet = makePacket({ knowledge: { passages: [passage], min_score: 0.73, unavailable: false } });

  it('the packet without its passages after an escalation, with them after an answer, and exactly the text modelCallInputs counts', async () => {
    const answer = { name: 'answer_customer', args: { answer: 'It is refunded within 5 days.', resolved: true, sources: ['billing/invoices'] }, id: 'fc_ans' };
    for (const call of [{ name: 'create_escalation_ticket', args: escalationArgs, id: 'fc_esc' }, answer]) {
      server.reply({ body: functionCallResponse([call]) }, { body: jsonResponse(finalResult) });
      const gemini = decider();
      const assessment = assessPacket(packet);
      const proposal = await gemini.propose(packet, assessment);
      const outcomes = outcomesFor(proposal);
      await gemini.conclude(packet, proposal, outcomes, assessment);
      const [propose, conclude] = server.requests.splice(0).map((r) => r.body);
      expect((sentPacket(propose).knowledge as { passages: unknown[] }).passages).toHaveLength(1);
      expect((sentPacket(conclude).knowledge as { passages: unknown[] }).passages).toHaveLength(call === answer ? 1 : 0);
      expect(conclude.contents[0].parts[0].text).toBe(modelCallInputs(packet, assessment, proposal.calls, outcomes).conclude[1]);
    }
  });
});
