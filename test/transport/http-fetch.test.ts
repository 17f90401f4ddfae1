// The lean fetch the model and Mem0 clients send through (src/http-fetch.ts), over loopback: what it
// sends and reads, and that its failures look as the global fetch's do (the adapters read them).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpFetch } from '../../src/http-fetch.js';
import { readBody } from '../../src/emulator/http-bodies.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
let seen: Seen[];
let open: Set<Socket>;
let handle: (req: Seen, res: ServerResponse) => void;

beforeEach(async () => {
  seen = [];
  open = new Set();
  handle = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
  server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw };
      seen.push(r);
      handle(r, res);
    });
  });
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// Until `check` holds, or 20 s pass: a loaded machine is slow, not stuck.
const until = async (check: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return check();
};

describe('httpFetch', () => {
  it('sends the method, headers (a Headers, a record or pairs) and a string body, and reads the answer', async () => {
    handle = (_req, res) => {
      res.writeHead(201, 'Created', { 'content-type': 'application/json', 'x-request-id': 'r1' });
      res.end('{"id":"m1"}');
    };
    const response = await httpFetch(`${base}/v3/memories/add/`, {
      method: 'post',
      headers: new Headers({ 'Content-Type': 'application/json', Authorization: 'Token k' }),
      body: '{"text":"héllo"}',
    });
    expect(response).toMatchObject({ ok: true, status: 201, statusText: 'Created', url: `${base}/v3/memories/add/` });
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(Object.fromEntries(response.headers.entries())).toMatchObject({ 'x-request-id': 'r1' });
    expect(await response.json()).toEqual({ id: 'm1' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v3/memories/add/', body: '{"text":"héllo"}' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Token k', 'content-length': '17', accept: '*/*' });

    await httpFetch(`${base}/a`, { headers: { 'X-One': '1' } });
    await httpFetch(`${base}/b`, { headers: [['X-Two', '2']], body: Buffer.from('bytes') });
    expect(seen[1]!.headers['x-one']).toBe('1');
    expect(seen[2]).toMatchObject({ method: 'GET', body: 'bytes' });
    expect(seen[2]!.headers['x-two']).toBe('2');
  });

  it('keeps the connection alive between calls', async () => {
    for (let i = 0; i < 5; i++) await (await httpFetch(`${base}/x`)).text();
    expect(open.size).toBe(1);
  });

  it('hands back error statuses as answers, not failures', async () => {
    handle = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"error":{"code":429}}');
    };
    const response = await httpFetch(`${base}/x`, { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('{"error":{"code":429}}');
  });

  it('inflates a gzipped answer', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"zipped":true}'));
    };
    expect(await (await httpFetch(`${base}/x`)).json()).toEqual({ zipped: true });
  });

  it('rejects an unreachable host as fetch does: TypeError("fetch failed") with the cause', async () => {
    const closed = base;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await httpFetch(`${closed}/x`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('fetch failed');
    expect((err as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    server = createServer().listen(0); // afterEach closes it
  });

  it('an abort rejects at once with an AbortError and destroys the connection', async () => {
    handle = () => {}; // never answers
    const controller = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: controller.signal });
    expect(await until(() => seen.length === 1)).toBe(true);
    expect(open.size).toBe(1);
    const at = Date.now();
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    // The server never answers, so rejecting at all is the abort's doing; the bound only rules out
    // waiting on something else (a socket timeout), with room for a loaded machine.
    expect(Date.now() - at).toBeLessThan(5_000);
    expect(err).toMatchObject({ name: 'AbortError' });
    expect(await until(() => open.size === 0)).toBe(true);
  });

  it('rejects with the signal reason (a timeout signal, an already aborted one)', async () => {
    handle = () => {};
    const err = await httpFetch(`${base}/hang`, { signal: AbortSignal.timeout(30) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError' });
    const before = seen.length;
    const early = await httpFetch(`${base}/x`, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(early).toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBe(before);
  });

  it('an abort while the body is still coming fails the body read', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    const controller = new AbortController();
    const response = await httpFetch(`${base}/slow-body`, { signal: controller.signal });
    const body = response.text();
    controller.abort();
    await expect(body).rejects.toMatchObject({ name: 'AbortError' });
    expect(await until(() => open.size === 0)).toBe(true);
  });

  it('a connection dropped halfway through the body fails the body read with a TypeError', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 10);
    };
    const response = await httpFetch(`${base}/cut`);
    await expect(response.text()).rejects.toThrow(TypeError);
  });
});
