// A model writes the reply while the memory write-back is still being made: the write is recorded in
// the outbox first (so it cannot be lost), the memory store's answer is not waited for before the
// second model call, and the turn still ends with the write's real outcome on the record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { functionCallResponse, jsonResponse, startGeminiServer, type GeminiServer } from '../support/gemini-server.js';
import { startMem0Server } from '../support/mem0-server.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';
import { benEscalation, benUrgentFinal } from '../support/decider-fixtures.js';

// Under the tests' Mem0 timeout (1.4 s), far over a loopback hop.
const ADD_MS = 900;
let gemini: GeminiServer;
let mem0: Awaited<ReturnType<typeof startMem0Server>>;
let m: Memdesk & { dataDir: string; cleanup(): Promise<void> };
let slowAdds = false;
const addsAnswered: number[] = [];

beforeEach(async () => {
  gemini = await startGeminiServer();
  slowAdds = false;
  addsAnswered.length = 0;
  mem0 = await startMem0Server({
    latencyMs: (path) => {
      if (!slowAdds || path !== '/v3/memories/add/') return 0;
      addsAnswered.push(Date.now() + ADD_MS);
      return ADD_MS;
    },
  });
  m = await testMemdesk({
    DECIDER: 'gemini',
    GEMINI_API_KEY: 'test-key',
    GEMINI_BASE_URL: gemini.baseUrl,
    GEMINI_MODEL: 'gemini-test',
    MEMORY: 'mem0-platform',
    MEM0_API_KEY: mem0.apiKey,
    MEM0_HOST: mem0.url,
  });
  await m.seed(m.demoSeed(), {});
});
afterEach(async () => {
  await m.cleanup();
  await gemini.close();
  await mem0.close();
});

describe('memory write-back during the reply', () => {
  it('the model is asked for the reply before the memory store has answered the write, and the outcome reports the write as done', async () => {
    const memory = 'On 2026-11-25 Ben reported a double charge; escalated urgent.';
    gemini.reply(
      { body: functionCallResponse([benEscalation('urgent', 'fc_1'), { id: 'fc_2', name: 'store_support_outcome_memory', args: { scope: 'customer', memory, issue_type: 'billing', status: 'escalated' } }]) },
      { body: jsonResponse(benUrgentFinal()) },
    );
    slowAdds = true;
    const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });

    expect(gemini.requests).toHaveLength(2);
    expect(addsAnswered).toHaveLength(1);
    // The second call went out while the add was still unanswered.
    expect(gemini.requests[1]!.at).toBeLessThan(addsAnswered[0]!);
    const responses = gemini.requests[1]!.body.contents.flatMap((c: { parts: { functionResponse?: { id: string; response: unknown } }[] }) => c.parts);
    const told = responses.find((p: { functionResponse?: { id: string } }) => p.functionResponse?.id === 'fc_2');
    expect(told.functionResponse.response).toMatchObject({ result: { status: 'recorded', scope: 'customer:cust_ben' } });

    // The turn ends with the write made: its outcome and the operation log say so, and the memory is there.
    const wrote = o.tool_calls.find((c) => c.name === 'store_support_outcome_memory');
    expect(wrote?.result).toMatchObject({ status: 'done', memory_id: expect.any(String), scope: 'customer:cust_ben' });
    const memoryId = (wrote?.result as { memory_id?: string } | undefined)?.memory_id;
    const ops = await m.operationLog.read({ ticketId: o.ticket_id });
    expect(ops.find((x) => x.kind === 'memory_written')).toMatchObject({ detail: { memory_id: memoryId } });
    expect(mem0.memories.find((x) => x.id === memoryId)?.user_id).toContain('cust_ben');
    expect(o.customer_response).toContain('our billing team has your ticket');
  });
});
