// The hosted-Mem0 adapter against a local stand-in that speaks the same REST API,
// driven through the real mem0ai MemoryClient: first the shared MemoryStore contract,
// then what only the platform has (request shapes, async write events, outages).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// mem0ai reads MEM0_TELEMETRY once at import; tests must not report to Mem0's analytics.
vi.hoisted(() => {
  process.env['MEM0_TELEMETRY'] = 'false';
});

import type { MemoryStore, Scope } from '../../src/core/ports.js';
import { createMem0PlatformStore, type Mem0PlatformOptions } from '../../src/memory/mem0-platform.js';
import { startMem0Server, type Mem0Server } from '../support/mem0-server.js';
import { memoryStoreContract } from './store-contract.js';

const ben: Scope = { kind: 'customer', id: 'cust_ben' };
const northwind: Scope = { kind: 'account', id: 'acct_northwind' };

function storeOn(server: Mem0Server, overrides: Partial<Mem0PlatformOptions> = {}): MemoryStore {
  return createMem0PlatformStore({
    apiKey: server.apiKey,
    host: server.url,
    namespace: 'test',
    eventWaitMs: 2_000,
    timeoutMs: 1_000,
    ...overrides,
  });
}

memoryStoreContract('mem0-platform', async () => {
  const server = await startMem0Server();
  return { store: storeOn(server), cleanup: () => server.close() };
});

describe('mem0-platform adapter', () => {
  let server: Mem0Server;
  let store: MemoryStore;

  beforeEach(async () => {
    server = await startMem0Server();
    store = storeOn(server);
  });
  afterEach(async () => {
    await server.close();
  });

  describe('requests it sends', () => {
    it('scopes search by a namespaced user_id inside filters, never at the top level', async () => {
      await store.search(ben, 'refund policy', { limit: 3 });

      const [search] = server.sent('POST', '/v3/memories/search/');
      expect(search!.body).toMatchObject({
        query: 'refund policy',
        top_k: 3,
        filters: { AND: [{ user_id: 'test:customer:cust_ben' }] },
      });
      expect(search!.body).not.toHaveProperty('user_id');
    });

    it('lists with the same filter and erases a scope by its user_id', async () => {
      await store.add(northwind, 'Northwind renews in November', { infer: false });
      await store.deleteScope(northwind);

      const lists = server.requests.filter((r) => r.method === 'POST' && r.path === '/v3/memories/');
      expect(lists.length).toBeGreaterThan(0);
      for (const list of lists) expect(list.body).toEqual({ filters: { AND: [{ user_id: 'test:account:acct_northwind' }] } });
      const [erase] = server.sent('DELETE', '/v1/memories/');
      expect(erase!.query).toEqual({ user_id: 'test:account:acct_northwind' });
    });

    it('adds with user_id, the caller-chosen infer flag and memdesk metadata', async () => {
      await store.add(ben, 'Ben is on the Pro plan', { infer: false, metadata: { source: 'seed' } });
      await store.add(ben, 'Ticket T-7: refund approved, Ben happy with credit', { infer: true, metadata: { source: 'outcome' } });

      const adds = server.sent('POST', '/v3/memories/add/');
      expect(adds.map((a) => a.body)).toEqual([
        expect.objectContaining({
          messages: [{ role: 'user', content: 'Ben is on the Pro plan' }],
          user_id: 'test:customer:cust_ben',
          infer: false,
          metadata: expect.objectContaining({ source: 'seed', app: 'memdesk', namespace: 'test', scope: 'customer', scope_id: 'cust_ben' }),
        }),
        expect.objectContaining({ infer: true, metadata: expect.objectContaining({ source: 'outcome', app: 'memdesk' }) }),
      ]);
    });

    it('stores text as given when the caller does not choose infer', async () => {
      await store.add(ben, 'Ben prefers email');
      expect(server.sent('POST', '/v3/memories/add/')[0]!.body).toMatchObject({ infer: false });
    });

    it('checks for an exact duplicate before a seeded fact, but not before an inferred write-back', async () => {
      await store.add(ben, 'Ben is on the Pro plan', { infer: false });
      await store.add(ben, 'Ben is on the Pro plan', { infer: false });
      expect(server.sent('POST', '/v3/memories/add/')).toHaveLength(1);

      await store.add(ben, 'Ben is on the Pro plan', { infer: true });
      expect(server.sent('POST', '/v3/memories/add/')).toHaveLength(2);
    });

    it('stores one copy when the same seed is added twice at once', async () => {
      await Promise.all([store.add(ben, 'Ben is on the Pro plan'), store.add(ben, 'Ben is on the Pro plan')]);
      expect(server.memories).toHaveLength(1);
    });

    it('authenticates every call, event polls included, with a Token header', async () => {
      await store.add(ben, 'Ben is on the Pro plan', { infer: false });
      await store.search(ben, 'plan');
      expect(server.sent('GET', '/v1/event/').length).toBeGreaterThan(0);
      for (const r of server.requests) expect(r.headers.authorization).toBe(`Token ${server.apiKey}`);
    });

    it('never sends a secret to Mem0, in text, metadata or a search query', async () => {
      await store.add(ben, 'Ben said his password is Tr0ub4dor&3 and his key sk-proj-9fQ2xLm4Rt7Vb8Nc1Kd6Hs3Jw0Pz', {
        infer: false,
        metadata: { note: 'card 4242 4242 4242 4242 on file' },
      });
      await store.search(ben, 'AWS key AKIAIOSFODNN7EXAMPLE stopped working');

      const wire = JSON.stringify(server.requests.map((r) => r.body));
      for (const secret of ['Tr0ub4dor&3', 'sk-proj-9fQ2xLm4Rt7Vb8Nc1Kd6Hs3Jw0Pz', '4242 4242 4242 4242', 'AKIAIOSFODNN7EXAMPLE']) {
        expect(wire).not.toContain(secret);
      }
      const [add] = server.sent('POST', '/v3/memories/add/');
      expect(add!.body).toMatchObject({ metadata: { redactions: ['api_key', 'password'] } });
    });
  });

  describe('results it returns', () => {
    it('maps search hits to scored memories with the scope parsed back from user_id', async () => {
      await store.add(ben, 'Ben was double charged in March', { infer: false });

      const [hit] = await store.search(ben, 'double charged');
      expect(hit).toMatchObject({ scope: ben, memory: 'Ben was double charged in March', score: 1 });
      expect(hit!.created_at).toBe(server.memories[0]!.created_at);
    });

    it('keeps namespaces apart on one Mem0 project', async () => {
      const other = storeOn(server, { namespace: 'staging' });
      await store.add(ben, 'Ben is on the Pro plan', { infer: false });

      expect(await other.list(ben)).toEqual([]);
      expect(await other.search(ben, 'Pro plan')).toEqual([]);
      expect(await other.deleteScope(ben)).toBe(0);
      expect(await store.list(ben)).toHaveLength(1);
    });

    it('reads a memory history', async () => {
      const [added] = await store.add(ben, 'Ben is on the Pro plan', { infer: false });
      const changes = await store.history(added!.id);
      expect(changes).toEqual([
        { memory_id: added!.id, event: 'ADD', old_memory: null, new_memory: 'Ben is on the Pro plan', at: expect.any(String) },
      ]);
      expect(await store.history('00000000-0000-4000-8000-000000000000')).toEqual([]);
    });

    it('treats deleting a memory that is already gone as done', async () => {
      await expect(store.delete('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
    });
  });

  describe('asynchronous writes', () => {
    const lists = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v3/memories/');

    it('waits while the write event is PENDING and returns once it SUCCEEDED', async () => {
      server.eventOutcome({ status: 'SUCCEEDED', afterPolls: 3 });

      const [added] = await store.add(ben, 'Ben prefers phone calls', { infer: false });

      expect(added).toMatchObject({ memory: 'Ben prefers phone calls', scope: ben });
      expect(server.sent('GET', '/v1/event/')).toHaveLength(4);
    });

    it('throws memory_write_failed when the event FAILED, and nothing is stored', async () => {
      server.eventOutcome({ status: 'FAILED', afterPolls: 1 });

      const error = await store.add(ben, 'Ben prefers phone calls', { infer: false }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'memory_write_failed', detail: { status: 'FAILED' } });
      expect(await store.list(ben)).toEqual([]);
    });

    it('gives up on an event stuck PENDING after eventWaitMs', async () => {
      server.eventOutcome({ status: 'PENDING' });
      const impatient = storeOn(server, { eventWaitMs: 1_000 });

      const started = Date.now();
      const error = await impatient.add(ben, 'Ben prefers phone calls', { infer: false }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'memory_write_failed', detail: { status: 'PENDING' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      // The event never leaves PENDING: giving up at all is eventWaitMs's doing; the bound leaves a loaded machine room.
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('finds the new memories by their write id when the event does not list them', async () => {
      server.eventOutcome({ status: 'SUCCEEDED', listsMemories: false });
      await store.add(ben, 'Ben is on the Pro plan', { infer: false });

      const added = await store.add(ben, 'Ticket T-9 resolved with a credit note', { infer: true });

      expect(added.map((m) => m.memory)).toEqual(['Ticket T-9 resolved with a credit note']);
    });

    it('takes the new memory from its event, without listing the scope', async () => {
      const [added] = await store.add(ben, 'Ticket T-8: Ben got a refund', { infer: true, metadata: { source: 'outcome', outbox_id: 'wb_1' }, firstAttempt: true });

      expect(added).toEqual({
        id: server.memories[0]!.id,
        scope: ben,
        memory: 'Ticket T-8: Ben got a refund',
        metadata: expect.objectContaining({ source: 'outcome', outbox_id: 'wb_1', app: 'memdesk' }),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(lists()).toHaveLength(0);
    });

    it('looks for an earlier attempt of a replayed write-back, and returns it instead of writing again', async () => {
      const [first] = await store.add(ben, 'Ticket T-8: Ben got a refund', { infer: true, metadata: { outbox_id: 'wb_1' }, firstAttempt: true });

      const [replayed] = await store.add(ben, 'Ticket T-8: Ben got a refund', { infer: true, metadata: { outbox_id: 'wb_1' } });

      expect(replayed!.id).toBe(first!.id);
      expect(server.sent('POST', '/v3/memories/add/')).toHaveLength(1);
      expect(lists()).toHaveLength(1);
    });

    it('rides out a failed poll and still confirms the write', async () => {
      server.fail({ status: 503, path: '/v1/event/' });

      const [added] = await store.add(ben, 'Ben prefers phone calls', { infer: false });

      expect(added?.memory).toBe('Ben prefers phone calls');
    });
  });

  describe('call scheduling (MEM0_MAX_CONCURRENCY)', () => {
    it('keeps at most maxConcurrency calls in flight at Mem0 and serves the rest in turn', async () => {
      const slow = await startMem0Server({ latencyMs: (path) => (path === '/v3/memories/search/' ? 80 : 0) });
      try {
        const seed = storeOn(slow);
        await seed.add(ben, 'Ben prefers phone calls about refunds', { infer: false });
        const searches = (s: MemoryStore) => Promise.all(Array.from({ length: 8 }, () => s.search(ben, 'refund phone')));
        // Unlimited enough, the eight searches reach Mem0 at once…
        const sprayed = await searches(storeOn(slow, { maxConcurrency: 16 }));
        expect(slow.peakInFlight()).toBe(8);
        expect(sprayed.every((hits) => hits[0]?.memory === 'Ben prefers phone calls about refunds')).toBe(true);
      } finally {
        await slow.close();
      }
      const limited = await startMem0Server({ latencyMs: (path) => (path === '/v3/memories/search/' ? 80 : 0) });
      try {
        const store2 = storeOn(limited, { maxConcurrency: 2 });
        await store2.add(ben, 'Ben prefers phone calls about refunds', { infer: false });
        // …limited to two, they still all answer, never more than two at a time.
        const hits = await Promise.all(Array.from({ length: 8 }, () => store2.search(ben, 'refund phone')));
        expect(hits.every((h) => h[0]?.memory === 'Ben prefers phone calls about refunds')).toBe(true);
        expect(limited.sent('POST', '/v3/memories/search/')).toHaveLength(8);
        expect(limited.peakInFlight()).toBe(2);
      } finally {
        await limited.close();
      }
    });

    it('gives up on a call that finds no free slot within timeoutMs, without sending it', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      server.fail({ delayMs: 2_000, path: '/v3/memories/search/' });
      const one = storeOn(server, { maxConcurrency: 1, timeoutMs: 200 });
      const hanging = one.search(ben, 'refund').catch((e: unknown) => e);
      // The first call holds the only slot once it has reached Mem0 (the client may ping first on a loaded machine).
      for (let waited = 0; server.sent('POST', '/v3/memories/search/').length === 0 && waited < 1_500; waited += 10) await new Promise((r) => setTimeout(r, 10));
      const queued = await one.search(northwind, 'refund').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(queued).toMatchObject({ code: 'memory_unavailable', detail: { reason: 'busy' } });
      expect(await hanging).toMatchObject({ code: 'memory_unavailable' });
      // Only the hanging call reached Mem0; the queued one never went out.
      expect(server.sent('POST', '/v3/memories/search/')).toHaveLength(1);
      vi.restoreAllMocks();
    });
  });

  describe('outages', () => {
    // The SDK prints its own failed start-up ping to the console; the assertions below are what count.
    beforeEach(() => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /** A store that would wait a minute for an answer: failing in far less is failing at the answer, not at the timeout. */
    const patient = () => storeOn(server, { timeoutMs: 60_000 });
    /** Far under a minute, with room for a loaded machine. */
    const PROMPT_MS = 15_000;

    async function unavailable(run: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
      const started = Date.now();
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, ms: Date.now() - started };
    }

    it.each([
      [500, 'server_error'],
      [502, 'server_error'],
      [429, 'rate_limited'],
    ] as const)('turns HTTP %i on search into memory_unavailable (%s)', async (status, reason) => {
      server.fail({ status, path: '/v3/memories/search/' });

      const { error, ms } = await unavailable(() => patient().search(ben, 'refund'));

      expect(error).toMatchObject({ code: 'memory_unavailable', detail: { reason } });
      expect(ms).toBeLessThan(PROMPT_MS);
    });

    it('turns a failing add into memory_unavailable, not a write error', async () => {
      server.fail({ status: 500, path: '/v3/memories/add/' });

      const { error } = await unavailable(() => store.add(ben, 'Ben prefers phone calls', { infer: true }));

      expect(error).toMatchObject({ code: 'memory_unavailable' });
    });

    it('gives up on a hanging call after timeoutMs', async () => {
      server.fail({ delayMs: 30_000, path: '/v3/memories/search/' });
      const quick = storeOn(server, { timeoutMs: 1_000 });

      const { error, ms } = await unavailable(() => quick.search(ben, 'refund'));

      expect(error).toMatchObject({ code: 'memory_unavailable', detail: { reason: 'timeout' } });
      // Far under the 30 s the answer is held.
      expect(ms).toBeLessThan(PROMPT_MS);
    });

    it('does not blame Mem0 for time its own process was busy: an answer read after a stall still counts', async () => {
      server.fail({ delayMs: 100, path: '/v3/memories/search/' });
      const quick = storeOn(server, { timeoutMs: 300 });

      const before = server.sent('POST', '/v3/memories/search/').length;
      const searching = quick.search(ben, 'refund');
      await vi.waitFor(() => expect(server.sent('POST', '/v3/memories/search/').length).toBe(before + 1), { interval: 5 });
      // With the call in flight, the event loop is held past the whole bound (as a model loading on
      // a busy machine holds it): Mem0's answer is read once the process listens again.
      const end = Date.now() + 600;
      while (Date.now() < end) {
        // busy
      }

      await expect(searching).resolves.toEqual([]);
    });

    it('reports a host that refuses connections as unavailable', async () => {
      const refused = patient();
      await server.close();

      const { error, ms } = await unavailable(() => refused.list(ben));

      expect(error).toMatchObject({ code: 'memory_unavailable', detail: { reason: 'network' } });
      expect(ms).toBeLessThan(PROMPT_MS);
    });

    it('reports a refused API key as unavailable, naming the variable to fix', async () => {
      const wrongKey = storeOn(server, { apiKey: 'm0-wrong' });

      const { error } = await unavailable(() => wrongKey.search(ben, 'refund'));

      expect(error).toMatchObject({ code: 'memory_unavailable', detail: { reason: 'auth' } });
      expect((error as Error).message).toContain('MEM0_API_KEY');
    });
  });
});
