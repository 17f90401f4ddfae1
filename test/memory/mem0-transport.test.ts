// The hosted-Mem0 store sends through the lean transport (src/http-fetch.ts, wired in mem0-platform.ts by
// overriding the client's one request method): this fails if a new mem0ai stops sending through it, and
// checks over loopback, against the bench's Mem0 stand-in, that answers, error statuses and timeouts
// come out as before.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env['MEM0_TELEMETRY'] = 'false';
});

import type { Scope } from '../../src/core/ports.js';
import { createMem0PlatformStore, type Mem0PlatformOptions } from '../../src/memory/mem0-platform.js';
import { startMem0Server, type Mem0Server } from '../support/mem0-server.js';

const ben: Scope = { kind: 'customer', id: 'cust_ben' };
let server: Mem0Server;

const storeOn = (overrides: Partial<Mem0PlatformOptions> = {}) =>
  createMem0PlatformStore({ apiKey: server.apiKey, host: server.url, namespace: 'test', eventWaitMs: 2_000, timeoutMs: 1_000, ...overrides });

beforeEach(async () => {
  server = await startMem0Server();
});
afterEach(async () => {
  await server.close();
});

describe('mem0-platform over the lean transport', () => {
  it('sends every call through it (the ping, the add, its event, the search) with the client’s headers', async () => {
    const store = storeOn();
    const [added] = await store.add(ben, 'Ben was promised a refund by Friday', { infer: true });
    const found = await store.search(ben, 'refund');
    expect(found.map((m) => m.id)).toContain(added!.id);

    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /v1/ping/', 'POST /v3/memories/add/', `GET /v1/event/${server.requests.find((r) => r.path.startsWith('/v1/event/'))!.path.split('/')[3]}/`, 'POST /v3/memories/search/']));
    for (const r of server.requests) {
      // The global fetch (undici) marks every request with sec-fetch-mode; the lean transport does not.
      expect(r.headers['sec-fetch-mode'], `${r.method} ${r.path}`).toBeUndefined();
      expect(r.headers.authorization).toBe(`Token ${server.apiKey}`);
    }
    const search = server.sent('POST', '/v3/memories/search/')[0]!;
    expect(search.headers['content-type']).toBe('application/json');
    expect(search.headers['x-mem0-client']).toMatch(/^mem0-js\//);
    expect(search.headers).toHaveProperty('mem0-user-id');
  });

  it('reports 429, 500 and a refused connection as memory_unavailable, and a 404 delete as done', async () => {
    const store = storeOn();
    server.fail({ status: 429, path: '/v3/memories/search/' });
    await expect(store.search(ben, 'x')).rejects.toMatchObject({ code: 'memory_unavailable', detail: { reason: 'rate_limited' } });
    server.fail({ status: 500, path: '/v3/memories/search/' });
    await expect(store.search(ben, 'x')).rejects.toMatchObject({ code: 'memory_unavailable', detail: { reason: 'server_error' } });
    await expect(store.delete('mem_missing')).resolves.toBeUndefined();

    const closed = server.url;
    await server.close();
    const offline = createMem0PlatformStore({ apiKey: 'k', host: closed, namespace: 'test', timeoutMs: 1_000 });
    await expect(offline.search(ben, 'x')).rejects.toMatchObject({ code: 'memory_unavailable', detail: { reason: 'network' } });
    server = await startMem0Server(); // afterEach closes it
  });

  it('gives up on a hanging call promptly', async () => {
    // Held 30 s against a 1 s timeout: gave up far sooner than the answer came, with room for a loaded machine.
    server.fail({ delayMs: 30_000, path: '/v3/memories/search/' });
    const started = Date.now();
    await expect(storeOn({ timeoutMs: 1_000 }).search(ben, 'x')).rejects.toMatchObject({ code: 'memory_unavailable', detail: { reason: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
