// Drives the real `openai` SDK against a local OpenAI-compatible server and checks both what the
// SDK sent and what the decider (and its fallback wrapper) made of the answers: the same contract
// as the Gemini decider, plus the text forms servers that do tools badly fall back to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { concludeInstructions, decisionInstructions } from '../../src/core/packet.js';
import { toolNames } from '../../src/core/tools.js';
import { withFallback } from '../../src/decide/fallback.js';
import { createOpenAIDecider, type OpenAIDeciderOptions } from '../../src/decide/openai.js';
import { retryAfterFromHeaders } from '../../src/decide/retry-after.js';
import { assessPacket } from '../support/assessment.js';
import { csmArgs, escalationArgs, fakePolicy, finalResult, instructions, makePacket, outcomesFor, policyText } from '../support/decider-fixtures.js';
import {
  completion,
  errorBody,
  jsonCompletion,
  startOpenAIServer,
  textCompletion,
  toolCallsCompletion,
  usage,
  type OpenAIServer,
} from '../support/openai-server.js';

let server: OpenAIServer;
let sleeps: number[];

function decider(overrides: Partial<OpenAIDeciderOptions> = {}) {
  return createOpenAIDecider({
    apiKey: 'test-key',
    model: 'test-model',
    baseUrl: server.baseUrl,
    timeoutMs: 2_000,
    retry: { attempts: 3, baseMs: 10, maxMs: 100, sleep: async (ms) => void sleeps.push(ms) },
    ...overrides,
  });
}

const lastUserText = (body: any): string => body.messages.filter((m: any) => m.role === 'user').at(-1).content;

beforeEach(async () => {
  server = await startOpenAIServer();
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

describe('openai decider: the two-call flow', () => {
  it('declares the five tools from the zod schemas, then answers every call by its id with structured output', async () => {
    server.reply(
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'call_esc' }, { name: 'notify_customer_success_manager', args: csmArgs, id: 'call_csm' }], usage(900, 60)) },
      { body: jsonCompletion(finalResult, usage(1100, 80)) },
    );
    const openai = decider();
    const packet = makePacket();
    const proposal = await openai.propose(packet, assessPacket(packet));
    expect(proposal.calls).toEqual([
      { id: 'call_esc', name: 'create_escalation_ticket', args: escalationArgs },
      { id: 'call_csm', name: 'notify_customer_success_manager', args: csmArgs },
    ]);
    expect(proposal.usage).toEqual({ prompt_tokens: 900, candidate_tokens: 60, requests: 1, hedged: 0 });

    const final = await openai.conclude(packet, proposal, outcomesFor(proposal), assessPacket(packet));
    expect(final).toEqual({ ...finalResult, usage: { prompt_tokens: 2000, candidate_tokens: 140, requests: 2, hedged: 0 } });
    expect(server.requests).toHaveLength(2);
    for (const r of server.requests) {
      expect(r.path).toBe('/v1/chat/completions');
      expect(r.headers.authorization).toBe('Bearer test-key');
      expect(r.body.model).toBe('test-model');
      expect(r.body.stream).toBe(false);
    }
    const [call1, call2] = server.requests.map((r) => r.body);

    // call 1: tools, tool_choice auto, policy in the system message only, memories in the packet
    expect(call1.tools.map((t: any) => t.function.name).sort()).toEqual([...toolNames].sort());
    for (const t of call1.tools) {
      expect(t.type).toBe('function');
      expect(t.function.parameters.type).toBe('object');
      expect(t.function.parameters.$schema).toBeUndefined();
    }
    expect(call1.tools.find((t: any) => t.function.name === 'create_escalation_ticket').function.parameters.properties.priority.enum).toEqual(['low', 'medium', 'high', 'urgent']);
    expect(call1.tool_choice).toBe('auto');
    expect(call1.messages[0]).toEqual({ role: 'system', content: `${instructions}\n\n${policyText}` });
    expect(call1.messages[1].role).toBe('user');
    const sent = JSON.parse(call1.messages[1].content.split('\n')[1]);
    expect(sent).toMatchObject({ today: '2026-11-25', message: packet.message, memory_enabled: true, ticket_state: null });
    expect(JSON.stringify(sent.memories)).toContain('INV-1042');
    expect(sent).not.toHaveProperty('trace_id');
    expect(JSON.stringify(call1.messages.slice(1))).not.toContain('4-hour SLA');
    expect(call1.response_format).toBeUndefined();

    // call 2: same conversation, the assistant turn, one tool message per call id, json_schema, no tools
    expect(call2.tools).toBeUndefined();
    expect(call2.response_format.type).toBe('json_schema');
    expect(call2.response_format.json_schema.schema.required).toEqual(
      expect.arrayContaining(['customer_response', 'decision_summary', 'handoff_brief', 'mem0_value', 'tools_executed', 'issue_type', 'severity', 'language']),
    );
    // Call 2 calls no tools: its system text says the calls have run (not how to choose them); the packet turn is call 1's.
    expect(call2.messages[0]).toEqual({ role: 'system', content: `${concludeInstructions}\n\n${policyText}` });
    expect(call2.messages[1]).toEqual(call1.messages[1]);
    expect(call2.messages[2].role).toBe('assistant');
    expect(call2.messages[2].tool_calls.map((tc: any) => tc.id)).toEqual(['call_esc', 'call_csm']);
    expect(call2.messages.slice(3, 5)).toEqual([
      { role: 'tool', tool_call_id: 'call_esc', content: JSON.stringify({ result: { escalation_id: 'esc_1', sla_due_at: '2026-11-25T13:00:00Z' } }) },
      { role: 'tool', tool_call_id: 'call_csm', content: JSON.stringify({ error: 'a CSM was already told about this account today' }) },
    ]);
    expect(call2.messages[5].content).toMatch(/final JSON/);
  });

  it('sends the help-center passages and the cite rule, and declares sources on answer_customer (the prompt Gemini gets too)', async () => {
    const answerArgs = { answer: 'Open Billing > Invoices and choose Download PDF.', resolved: true, sources: ['billing/download-invoices'] };
    server.reply({ body: toolCallsCompletion([{ name: 'answer_customer', args: answerArgs, id: 'call_ans' }]) }, { body: jsonCompletion(finalResult) });
    const passage = {
      id: 'p1',
      article_id: 'billing/download-invoices',
      title: 'Download your invoices',
      url: 'https://help.example.com/billing/download-invoices',
      heading: 'Steps',
      text: 'Open Billing > Invoices and choose Download PDF.',
      score: 0.91,
    };
    const packet = makePacket({
      message: 'How do I download my invoices?',
      instructions: decisionInstructions,
      knowledge: { passages: [passage], min_score: 0.73, unavailable: false },
    });
    const proposal = await decider().propose(packet, assessPacket(packet));
    expect(proposal.calls).toEqual([{ id: 'call_ans', name: 'answer_customer', args: answerArgs }]);

    const call1 = server.requests[0]!.body;
    expect(call1.messages[0].content).toContain("put the\narticle_id of every article you used in answer_customer's sources");
    const sent = JSON.parse(call1.messages[1].content.split('\n')[1]);
    expect(sent.knowledge).toEqual({ passages: [{ id: 'p1', article_id: passage.article_id, title: passage.title, heading: 'Steps', text: passage.text, score: 0.91 }], min_score: 0.73 });
    const answerTool = call1.tools.find((t: any) => t.function.name === 'answer_customer').function;
    expect(answerTool.parameters.properties.sources.type).toBe('array');
  });

  it('gives calls without a server id a generated one, used on both sides of call 2', async () => {
    server.reply({ body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: '' }]) }, { body: jsonCompletion(finalResult) });
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.id)).toEqual(['call_1']);
    await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    const call2 = server.requests[1]!.body;
    expect(call2.messages[2].tool_calls[0].id).toBe('call_1');
    expect(call2.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it('returns no calls when the model answers in prose; the loop decides what that means', async () => {
    server.reply({ body: textCompletion('I would answer the customer directly.') });
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('sends no key a local server does not need, but the SDK still gets one to send', async () => {
    server.reply({ body: textCompletion('nothing') });
    await decider({ apiKey: undefined }).propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer not-needed');
  });

  it('sends through the lean transport (src/http-fetch.ts), not the global fetch, which marks requests with sec-fetch-mode', async () => {
    server.reply({ body: textCompletion('nothing') });
    await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests[0]!.headers['sec-fetch-mode']).toBeUndefined();
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });
});

describe('openai decider: servers that do tools badly', () => {
  it('reads tool calls written as a ```json list in content and sends their results back in words', async () => {
    const written = [{ name: 'create_escalation_ticket', arguments: escalationArgs }, { name: 'notify_customer_success_manager', arguments: csmArgs }];
    server.reply({ body: textCompletion(`Actions:\n\`\`\`json\n${JSON.stringify(written)}\n\`\`\``) }, { body: jsonCompletion(finalResult) });
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toEqual([
      { id: 'call_1', name: 'create_escalation_ticket', args: escalationArgs },
      { id: 'call_2', name: 'notify_customer_success_manager', args: csmArgs },
    ]);
    const final = await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(final.customer_response).toBe(finalResult.customer_response);
    const call2 = server.requests[1]!.body;
    expect(call2.messages.some((m: any) => m.role === 'tool')).toBe(false);
    expect(call2.messages[2]).toEqual({ role: 'assistant', content: expect.stringContaining('create_escalation_ticket') });
    const results = lastUserText(call2);
    expect(results).toContain('"id":"call_1","name":"create_escalation_ticket","result":{"escalation_id":"esc_1"');
    expect(results).toContain('"error":"a CSM was already told about this account today"');
  });

  it('reads Mistral-style calls after [TOOL_CALLS] (vLLM or llama.cpp without a Mistral tool parser), both shapes, in one request each', async () => {
    // before v11 (Mistral 7B v0.3, Nemo): one JSON list, ids included; v11+: name{args}, [ARGS] between them, one token per call
    const preV11 = `[TOOL_CALLS] [${JSON.stringify({ name: 'create_escalation_ticket', arguments: escalationArgs, id: 'a1b2c3d4e' })}, ${JSON.stringify({ name: 'notify_customer_success_manager', arguments: csmArgs, id: 'f5g6h7i8j' })}]</s>`;
    const v11 = `[THINK]Ben is owed a credit; escalate.[/THINK][TOOL_CALLS]create_escalation_ticket[ARGS]${JSON.stringify(escalationArgs)}[TOOL_CALLS]notify_customer_success_manager${JSON.stringify(csmArgs)}`;
    for (const content of [preV11, v11]) {
      server.requests.length = 0;
      server.reply({ body: textCompletion(content) }, { body: jsonCompletion(finalResult) });
      const openai = decider();
      const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
      expect(proposal.calls).toEqual([
        { id: 'call_1', name: 'create_escalation_ticket', args: escalationArgs },
        { id: 'call_2', name: 'notify_customer_success_manager', args: csmArgs },
      ]);
      // read at once: no repair request
      expect(server.requests).toHaveLength(1);
      const final = await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
      expect(final.customer_response).toBe(finalResult.customer_response);
      expect(lastUserText(server.requests[1]!.body)).toContain('"id":"call_1","name":"create_escalation_ticket","result":{"escalation_id":"esc_1"');
    }
  });

  it('repairs a malformed native call (arguments that are not JSON) once, then gives up', async () => {
    const bad = { body: toolCallsCompletion([{ name: 'answer_customer', args: '{"answer": "Hi", ' }]) };
    server.reply(bad, bad);
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'malformed_tool_call' } });
    expect(server.requests).toHaveLength(2);
    expect(lastUserText(server.requests[1]!.body)).toMatch(/arguments of its answer_customer call were not valid JSON.*Call only these tools/s);
  });

  it('repairs text that tries a call but is not JSON, and accepts the repaired answer', async () => {
    server.reply(
      { body: textCompletion('```json\n{"name": "answer_customer", "arguments": {"answer": \n```', usage(100, 10)) },
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs }], usage(130, 12)) },
    );
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.name)).toEqual(['create_escalation_ticket']);
    expect(proposal.usage).toEqual({ prompt_tokens: 230, candidate_tokens: 22, requests: 2, hedged: 0 });
  });

  it('never passes on an unknown tool, native or written as text', async () => {
    server.reply(
      { body: toolCallsCompletion([{ name: 'refund_customer', args: { amount: 120 } }]) },
      { body: textCompletion(JSON.stringify({ name: 'delete_account', arguments: {} })) },
    );
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'unknown_tool' }, message: expect.stringContaining('delete_account') });
    expect(lastUserText(server.requests[1]!.body)).toContain('refund_customer');
  });

  it('falls back to asking for JSON in words when the server refuses json_schema, and remembers it', async () => {
    await server.close();
    server = await startOpenAIServer({ jsonSchema: false });
    server.reply(
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'c1' }]) },
      { body: textCompletion(`\`\`\`json\n${JSON.stringify(finalResult)}\n\`\`\``) },
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'c2' }]) },
      { body: jsonCompletion(finalResult) },
    );
    const openai = decider();
    const first = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect((await openai.conclude(makePacket(), first, outcomesFor(first), assessPacket(makePacket()))).customer_response).toBe(finalResult.customer_response);
    // the refused request, then the same ask with the schema in words
    expect(server.requests.map((r) => Boolean(r.body.response_format))).toEqual([false, true, false]);
    expect(lastUserText(server.requests[2]!.body)).toMatch(/must match this JSON Schema: \{/);
    const second = await openai.propose(makePacket(), assessPacket(makePacket()));
    await openai.conclude(makePacket(), second, outcomesFor(second), assessPacket(makePacket()));
    expect(server.requests.map((r) => Boolean(r.body.response_format))).toEqual([false, true, false, false, false]);
  });

  it('describes the tools in words when the server refuses them (vLLM without a tool parser), and remembers it', async () => {
    await server.close();
    server = await startOpenAIServer({ tools: false });
    const written = JSON.stringify([{ name: 'create_escalation_ticket', arguments: escalationArgs }]);
    server.reply({ body: textCompletion(written) }, { body: textCompletion(written) });
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toEqual([{ id: 'call_1', name: 'create_escalation_ticket', args: escalationArgs }]);
    expect(server.requests.map((r) => Boolean(r.body.tools))).toEqual([true, false]);
    const inWords = lastUserText(server.requests[1]!.body);
    expect(inWords).toMatch(/This server takes no tools/);
    for (const name of toolNames) expect(inWords).toContain(`"name":"${name}"`);
    await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests.map((r) => Boolean(r.body.tools))).toEqual([true, false, false]);
  });

  it('leaves the CSM notice out of the tools, in the API and in words, for an account whose memory names no CSM', async () => {
    await server.close();
    server = await startOpenAIServer({ tools: false });
    const written = JSON.stringify([{ name: 'create_escalation_ticket', arguments: escalationArgs }]);
    server.reply({ body: textCompletion(written) }, { body: textCompletion(written) });
    const packet = makePacket({ memories: { customer: [], account: [{ id: 'mem_plan', memory: 'Northwind is on the Pro plan', score: 0.8, created_at: '2026-09-01T08:00:00Z' }] } });
    await decider().propose(packet, assessPacket(packet));
    const viaApi = server.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name);
    expect(viaApi).toEqual(['ask_for_missing_info', 'answer_customer', 'create_escalation_ticket', 'store_support_outcome_memory']);
    const inWords = lastUserText(server.requests[1]!.body);
    expect(inWords).toMatch(/This server takes no tools/);
    expect(inWords).toContain('"name":"store_support_outcome_memory"');
    expect(inWords).not.toContain('notify_customer_success_manager');
  });

  it('does not mistake another 400 for a missing feature', async () => {
    server.reply({ status: 400, body: errorBody("This model's maximum context length is 8192 tokens", 'invalid_request_error', 'context_length_exceeded') });
    expect(await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e)).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_400' } });
    expect(server.requests).toHaveLength(1);
  });

  it('accepts arguments a lenient server sent as an object, and sends them back as a JSON string', async () => {
    const body = toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'c1' }]);
    (body.choices[0]!.message as any).tool_calls[0].function.arguments = escalationArgs;
    server.reply({ body }, { body: jsonCompletion(finalResult) });
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls[0]!.args).toEqual(escalationArgs);
    await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(JSON.parse(server.requests[1]!.body.messages[2].tool_calls[0].function.arguments)).toEqual(escalationArgs);
  });

  it('looks past a reasoning model\'s <think> block and a sentence around the final JSON', async () => {
    const thought = '<think>The packet says {"plan": "enterprise"}; I should call "name": "answer_customer"? No, escalate.</think>\n';
    server.reply(
      { body: textCompletion(`${thought}${JSON.stringify({ name: 'create_escalation_ticket', arguments: escalationArgs })}`) },
      { body: textCompletion(`${thought}Here is the result: ${JSON.stringify(finalResult)} Let me know.`) },
    );
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.name)).toEqual(['create_escalation_ticket']);
    expect((await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()))).customer_response).toBe(finalResult.customer_response);
    expect(server.requests).toHaveLength(2);
  });

  it('repairs invalid final JSON once (three calls in all), keeping the tool messages paired', async () => {
    server.reply(
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs, id: 'call_esc' }]) },
      { body: textCompletion('{"customer_response": "Sorry, we') },
      { body: jsonCompletion(finalResult) },
    );
    const openai = decider();
    const proposal = await openai.propose(makePacket(), assessPacket(makePacket()));
    const final = await openai.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(final.customer_response).toBe(finalResult.customer_response);
    expect(server.requests).toHaveLength(3);
    const repair = server.requests[2]!.body;
    expect(repair.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_esc' });
    expect(lastUserText(repair)).toMatch(/not valid JSON/);
  });

  it('treats a refusal and a content-filter stop as unusable answers', async () => {
    server.reply(
      { body: completion({ role: 'assistant', content: null, refusal: 'I cannot help with that.' }, 'stop') },
      { body: completion({ role: 'assistant', content: '' }, 'content_filter') },
    );
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'safety_block' } });
    expect(lastUserText(server.requests[1]!.body)).toMatch(/refused \(I cannot help with that\.\)/);
  });
});

describe('openai decider: transport failures', () => {
  it('retries a 429, honouring Retry-After (seconds) and retry-after-ms', async () => {
    server.reply(
      { status: 429, headers: { 'retry-after': '2' }, body: errorBody('Rate limit reached', 'requests', 'rate_limit_exceeded') },
      { status: 429, headers: { 'retry-after-ms': '40' }, body: errorBody('Rate limit reached', 'requests', 'rate_limit_exceeded') },
      { body: toolCallsCompletion([{ name: 'answer_customer', args: { answer: 'Done', resolved: true } }]) },
    );
    const proposal = await decider({ retry: { attempts: 3, maxMs: 5_000, sleep: async (ms) => void sleeps.push(ms) } }).propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([2_000, 40]);
  });

  it('gives up at once when Retry-After asks for longer than the retry helper will wait', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '60' }, body: errorBody('Rate limit reached', 'requests') });
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_429', retryAfterMs: 60_000 } });
    expect(server.requests).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 10:00:03 GMT' }), () => now)).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers({}), () => now)).toBeUndefined();
  });

  it('retries 500s, then surfaces http_500; does not retry a 400', async () => {
    const fail = { status: 500, body: errorBody('The server had an error') };
    server.reply(fail, fail, fail, { status: 400, body: errorBody('bad request', 'invalid_request_error') });
    expect(await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e)).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_500' } });
    expect(server.requests).toHaveLength(3);
    expect(await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e)).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_400' } });
    expect(server.requests).toHaveLength(4);
  });

  it('times out a slow answer and retries it', async () => {
    // Each reply held 30 s against a 1 s timeout: a loaded machine's scheduler delays cannot make either arrive in time.
    server.reply({ delayMs: 30_000, body: {} }, { delayMs: 30_000, body: {} });
    const err = await decider({ timeoutMs: 1_000, retry: { attempts: 2, sleep: async () => {} } }).propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'timeout' } });
    expect(server.requests).toHaveLength(2);
  });

  it('holds a whole turn to tries × timeout: a conclude after a slow proposal gets only what is left, never three more timeouts', async () => {
    // 3 tries × 2 s = 6 s for the turn's requests. The proposal's first try times out (2 s) and its retry
    // answers at once; conclude hangs: before, it had three more 2 s tries (five requests, ~8 s). Seconds,
    // not milliseconds, so a loaded machine's scheduler cannot push the immediate answer past its timeout.
    server.reply(
      { delayMs: 60_000, body: {} },
      { body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs }]) },
      { delayMs: 60_000, body: {} },
      { delayMs: 60_000, body: {} },
      { delayMs: 60_000, body: {} },
    );
    const openai = decider({ timeoutMs: 2_000, retry: { attempts: 3, sleep: async () => {} } });
    const packet = makePacket();
    const assessment = assessPacket(packet);
    const started = Date.now();
    const proposal = await openai.propose(packet, assessment);
    const err = await openai.conclude(packet, proposal, outcomesFor(proposal), assessment).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'timeout' } });
    expect(server.requests.length).toBeLessThan(5);
    // Far under the 60 s each unanswered request is held: the turn gave up at its 6 s budget (the request
    // count above is what tells a bounded turn from three more tries).
    expect(elapsed).toBeLessThan(20_000);
  });

  it("reads an error a gateway sends in a 200 body (OpenRouter, once the model started) as that status: retried if transient, never 'repaired'", async () => {
    // OpenRouter answers 200 with {error: {code, message}} when the provider fails after the request was taken.
    const upstream = (code: number, message: string) => ({ body: { id: 'gen-1', error: { code, message, metadata: { provider_name: 'Upstream' } } } });
    server.reply(upstream(429, 'Provider returned error: rate limited'), upstream(502, 'Provider returned error'), {
      body: toolCallsCompletion([{ name: 'answer_customer', args: { answer: 'Done', resolved: true } }]),
    });
    const proposal = await decider().propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls.map((c) => c.name)).toEqual(['answer_customer']);
    expect(server.requests).toHaveLength(3);
    // Sent again as it was, not with a note asking the model to fix an answer it never gave.
    expect(server.requests.map((r) => lastUserText(r.body))).toEqual(Array(3).fill(lastUserText(server.requests[0]!.body)));

    server.reply(upstream(402, 'Insufficient credits'));
    const err = await decider().propose(makePacket(), assessPacket(makePacket())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'http_402', status: 402 } });
    expect((err as Error).message).toContain('Insufficient credits');
    expect(server.requests).toHaveLength(4);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = server.baseUrl;
    await server.close();
    const err = await createOpenAIDecider({ model: 'm', baseUrl: closed, retry: { attempts: 2, sleep: async () => {} } })
      .propose(makePacket(), assessPacket(makePacket()))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'decider_failed', detail: { reason: 'network' } });
    server = await startOpenAIServer(); // afterEach closes it
  });
});

describe('openai decider behind the fallback', () => {
  it('says nothing about who decided when openai decided, so the loop reports its own name', async () => {
    server.reply({ body: toolCallsCompletion([{ name: 'create_escalation_ticket', args: escalationArgs }]) }, { body: jsonCompletion(finalResult) });
    const policy = fakePolicy();
    const wrapped = withFallback(decider(), policy.decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    const final = await wrapped.conclude(makePacket(), proposal, outcomesFor(proposal), assessPacket(makePacket()));
    expect(wrapped.name).toBe('openai');
    expect(wrapped.model).toBe('test-model');
    expect(proposal.decided_by).toBeUndefined();
    expect(final.decided_by).toBeUndefined();
    expect(policy.proposed()).toBe(0);
  });

  it('hands a persistent 500 to the policy decider for both steps, and says why', async () => {
    const fail = { status: 500, body: errorBody('boom') };
    server.reply(fail, fail, fail);
    const wrapped = withFallback(decider(), fakePolicy().decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    expect(proposal.calls[0]!.id).toBe('policy_1');
    const final = await wrapped.conclude(makePacket(), proposal, [], assessPacket(makePacket()));
    expect(final.decision_summary).toBe('policy decided');
    expect(server.requests).toHaveLength(3);
    expect(proposal.decided_by).toBe('policy (fallback: http_500)');
    expect(final.decided_by).toBe('policy (fallback: http_500)');
  });

  it('an upstream failure a gateway reports in a 200 body is the fallback reason, as a 5xx is', async () => {
    const upstream = { body: { error: { code: 502, message: 'Provider returned error' } } };
    server.reply(upstream, upstream, upstream);
    const proposal = await withFallback(decider(), fakePolicy().decider).propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests).toHaveLength(3);
    expect(proposal.decided_by).toBe('policy (fallback: http_502)');
  });

  it('unreadable tool calls twice: the policy engine decides', async () => {
    const bad = { body: textCompletion('[{"name": "answer_customer", "arguments": {"answer": "Hi"}') };
    server.reply(bad, bad);
    const wrapped = withFallback(decider(), fakePolicy().decider);
    const proposal = await wrapped.propose(makePacket(), assessPacket(makePacket()));
    expect(server.requests).toHaveLength(2);
    expect(proposal.decided_by).toBe('policy (fallback: malformed_tool_call)');
  });
});

describe('openai decider: what the second request resends', () => {
  const passage = { id: 'p1', article_id: 'billing/invoices', title: 'Invoices', url: 'https://help.example/billing/invoices', heading: 'Duplicate charges', text: 'A duplicate charge is refunded within 5 days.', score: 0.9 };
  const packet = makePacket({ knowledge: { passages: [passage], min_score: 0.73, unavailable: false } });
  /** The packet is the one line after "Decision packet (JSON):"; a repair note may follow it. */
  const packetIn = (text: string) => JSON.parse(text.split('\n')[1]!);
  const firstUserText = (body: any): string => body.messages.find((m: any) => m.role === 'user').content;

  it("the packet without its passages after an escalation (a repair note of call 1 kept after it), with them after an answer", async () => {
    const answer = { name: 'answer_customer', args: { answer: 'It is refunded within 5 days.', resolved: true, sources: ['billing/invoices'] }, id: 'call_ans' };
    const escalation = { name: 'create_escalation_ticket', args: escalationArgs, id: 'call_esc' };
    for (const call of [escalation, answer]) {
      const unknownFirst = call === escalation ? [{ body: toolCallsCompletion([{ name: 'refund_now', args: {}, id: 'call_x' }]) }] : [];
      server.reply(...unknownFirst, { body: toolCallsCompletion([call]) }, { body: jsonCompletion(finalResult) });
      const openai = decider();
      const assessment = assessPacket(packet);
      const proposal = await openai.propose(packet, assessment);
      await openai.conclude(packet, proposal, outcomesFor(proposal), assessment);
      const bodies = server.requests.splice(0).map((r) => r.body);
      expect(bodies).toHaveLength(call === escalation ? 3 : 2);
      const [propose, conclude] = [bodies[0], bodies.at(-1)];
      expect(packetIn(firstUserText(propose)).knowledge.passages).toHaveLength(1);
      expect(packetIn(firstUserText(conclude)).knowledge.passages).toHaveLength(call === answer ? 1 : 0);
      if (call === escalation) expect(firstUserText(conclude)).toMatch(/refund_now|Call only/);
    }
  });
});
