// A stand-in for the hosted Mem0 API on 127.0.0.1, speaking the endpoints mem0ai 3.3's MemoryClient
// calls (paths, methods, bodies and response shapes read from node_modules/mem0ai/dist):
//   GET    /v1/ping/                      → {status:"ok", org_id, project_id}
//   POST   /v3/memories/add/              {messages, user_id, infer, metadata} → {message, status:"PENDING", event_id}
//   GET    /v1/event/{id}/                → {id, event_type, status, results, ...} (polled by the adapter)
//   POST   /v3/memories/search/           {query, filters, top_k, output_format} → {results:[memory + score]}
//   POST   /v3/memories/?page=&page_size= {filters} → {count, next, previous, results}
//   GET    /v1/memories/{id}/             → memory
//   DELETE /v1/memories/{id}/             → {message}
//   DELETE /v1/memories/?user_id=…        → {message}            (client.deleteAll)
//   DELETE /v2/entities/{type}/{name}/    → {message}            (client.deleteUsers)
//   GET    /v1/memories/{id}/history/     → [{id, memory_id, event, old_memory, new_memory, ...}]
// Like the platform it refuses entity ids at the top level of search and list, and a filter without one.
// Memories are in memory; search scores by word overlap; every request is recorded for assertions,
// and faults (error statuses, delays, stuck or failing events) can be injected.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v3/memories/search/`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface StoredMemory {
  id: string;
  memory: string;
  user_id: string;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface Fault {
  /** Answer with this status instead of serving the request (e.g. 500, 429). */
  status?: number;
  /** Hold the answer this long first (beyond a client timeout to simulate a hang). */
  delayMs?: number;
  /** How many matching requests the fault applies to; default 1. */
  times?: number;
  /** Only requests whose path starts with (string) or matches (RegExp) this; default every request. */
  path?: string | RegExp;
}

/** How events created from now on end: succeed after some PENDING polls, stay PENDING, or fail. */
export type EventOutcome =
  /** `listsMemories: false` answers SUCCEEDED with empty results, as a terse platform might. */
  | { status: 'SUCCEEDED'; afterPolls?: number; listsMemories?: boolean }
  | { status: 'PENDING' }
  | { status: 'FAILED'; afterPolls?: number };

export interface Mem0Server {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** The most requests it was answering at once. */
  peakInFlight(): number;
  /** The stored memories, for assertions that bypass the API. */
  memories: StoredMemory[];
  fail(fault: Fault): void;
  /** Ends every injected fault: the service is healthy again. */
  recover(): void;
  /** Applies `fault` to a random share of all requests from now on (load and chaos runs). */
  failRandomly(rate: number, fault: Fault, random?: () => number): void;
  eventOutcome(outcome: EventOutcome): void;
  /** Requests matching a method and path prefix, e.g. `sent('POST', '/v3/memories/add/')`. */
  sent(method: string, pathPrefix: string): RecordedRequest[];
  close(): Promise<void>;
}

interface PendingEvent {
  id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  outcome: EventOutcome;
  polls: number;
  staged: StoredMemory[];
  created_at: string;
  updated_at: string;
}

interface HistoryRow {
  id: string;
  memory_id: string;
  event: 'ADD' | 'UPDATE' | 'DELETE';
  old_memory: string | null;
  new_memory: string | null;
  user_id: string;
  created_at: string;
}

const ENTITY_KEYS = ['user_id', 'agent_id', 'app_id', 'run_id'] as const;
const STOPWORDS = new Set(['a', 'an', 'the', 'is', 'are', 'was', 'to', 'of', 'and', 'or', 'in', 'on', 'for', 'with', 'i', 'my', 'me', 'we', 'our', 'it', 'do', 'does', 'how', 'what']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w && !STOPWORDS.has(w)),
  );
}

/** Share of the query's words found in the memory: 0..1. */
function overlapScore(query: string, memory: string): number {
  const q = words(query);
  if (q.size === 0) return 0;
  const m = words(memory);
  let shared = 0;
  for (const w of q) if (m.has(w)) shared++;
  return shared / q.size;
}

function hasEntity(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  return Object.entries(filter).some(([k, v]) =>
    k === 'AND' || k === 'OR' ? Array.isArray(v) && v.some(hasEntity) : (ENTITY_KEYS as readonly string[]).includes(k),
  );
}

function matchesFilter(filter: Record<string, unknown>, m: StoredMemory): boolean {
  return Object.entries(filter).every(([key, expected]) => {
    if (key === 'AND') return (expected as Record<string, unknown>[]).every((f) => matchesFilter(f, m));
    if (key === 'OR') return (expected as Record<string, unknown>[]).some((f) => matchesFilter(f, m));
    if (key === 'NOT') return !(expected as Record<string, unknown>[]).some((f) => matchesFilter(f, m));
    if (key === 'metadata') {
      return Object.entries(expected as Record<string, unknown>).every(([k, v]) => m.metadata[k] === v);
    }
    if (key === 'user_id') {
      if (expected === '*') return true;
      if (expected && typeof expected === 'object' && 'in' in expected) return (expected.in as unknown[]).includes(m.user_id);
      return m.user_id === expected;
    }
    // Entities this stand-in never stores (agent_id, run_id, app_id) match nothing but the wildcard.
    return expected === '*';
  });
}

function rejectTopLevelEntities(body: Record<string, unknown>): void {
  const given = ENTITY_KEYS.filter((k) => k in body);
  if (given.length) throw new HttpError(400, { error: `Top-level entity parameters ${given.join(', ')} are not supported; use filters.` });
  if (!hasEntity(body['filters'])) {
    throw new HttpError(400, { error: 'filters must include at least one of user_id, agent_id, app_id, run_id' });
  }
}

export interface Mem0ServerOptions {
  apiKey?: string;
  /** How long each request takes before it is served, by path (a hosted platform's latency); default at once. */
  latencyMs?: (path: string) => number;
}

export async function startMem0Server(options: Mem0ServerOptions = {}): Promise<Mem0Server> {
  const apiKey = options.apiKey ?? 'm0-test-key';
  const requests: RecordedRequest[] = [];
  const memories: StoredMemory[] = [];
  const history: HistoryRow[] = [];
  const events = new Map<string, PendingEvent>();
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let outcome: EventOutcome = { status: 'SUCCEEDED' };
  let clock = Date.now();

  // Strictly increasing timestamps keep "newest first" deterministic within one millisecond.
  const now = () => new Date((clock = Math.max(clock + 1, Date.now()))).toISOString();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  let randomFault: { rate: number; fault: Fault; random: () => number } | undefined;
  function takeFault(path: string): Fault | undefined {
    if (randomFault && randomFault.random() < randomFault.rate) return randomFault.fault;
    const i = faults.findIndex((f) =>
      f.path === undefined ? true : typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path),
    );
    if (i < 0) return undefined;
    const fault = faults[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  function commit(staged: StoredMemory[]): void {
    for (const m of staged) {
      memories.push(m);
      history.push({ id: randomUUID(), memory_id: m.id, event: 'ADD', old_memory: null, new_memory: m.memory, user_id: m.user_id, created_at: m.created_at });
    }
  }

  function remove(m: StoredMemory): void {
    memories.splice(memories.indexOf(m), 1);
    history.push({ id: randomUUID(), memory_id: m.id, event: 'DELETE', old_memory: m.memory, new_memory: null, user_id: m.user_id, created_at: now() });
  }

  function find(id: string): StoredMemory {
    const m = memories.find((x) => x.id === id);
    if (!m) throw new HttpError(404, { error: 'Memory not found' });
    return m;
  }

  function addMemories(body: Record<string, unknown>) {
    const messages = body['messages'];
    if (!Array.isArray(messages) || messages.length === 0) throw new HttpError(400, { error: 'messages must be a non-empty list' });
    const userId = body['user_id'];
    if (typeof userId !== 'string' || !userId) throw new HttpError(400, { error: 'one of user_id, agent_id, app_id, run_id is required' });
    const metadata = (body['metadata'] ?? {}) as Record<string, unknown>;
    const at = now();
    // No model here: with infer on or off, each message's text becomes one memory.
    const staged = messages
      .map((msg) => (typeof msg?.content === 'string' ? msg.content.trim() : ''))
      .filter(Boolean)
      .map((memory): StoredMemory => ({ id: randomUUID(), memory, user_id: userId, metadata, created_at: at, updated_at: at }));
    const event: PendingEvent = { id: randomUUID(), status: 'PENDING', outcome, polls: 0, staged, created_at: at, updated_at: at };
    events.set(event.id, event);
    return { message: 'Memory processing has been queued for background execution', status: 'PENDING', event_id: event.id };
  }

  function pollEvent(id: string) {
    const event = events.get(id);
    if (!event) throw new HttpError(404, { error: 'Event not found' });
    event.polls++;
    const o = event.outcome;
    if (event.status === 'PENDING' && o.status !== 'PENDING' && event.polls > (o.afterPolls ?? 0)) {
      event.status = o.status;
      event.updated_at = now();
      if (o.status === 'SUCCEEDED') commit(event.staged);
    }
    return {
      id: event.id,
      event_type: 'ADD',
      status: event.status,
      payload: {},
      metadata: {},
      results:
        event.status === 'SUCCEEDED' && !(o.status === 'SUCCEEDED' && o.listsMemories === false)
          ? event.staged.map((m) => ({ id: m.id, event: 'ADD', data: { memory: m.memory } })) : [],
      created_at: event.created_at,
      updated_at: event.updated_at,
    };
  }

  function search(body: Record<string, unknown>) {
    rejectTopLevelEntities(body);
    const filters = body['filters'] as Record<string, unknown>;
    const query = String(body['query'] ?? '');
    const topK = typeof body['top_k'] === 'number' ? body['top_k'] : 10;
    const threshold = typeof body['threshold'] === 'number' ? body['threshold'] : 0;
    const results = memories
      .filter((m) => matchesFilter(filters, m))
      .map((m) => ({ ...m, categories: [], score: overlapScore(query, m.memory) }))
      .filter((m) => m.score > threshold)
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
    return { results };
  }

  function listMemories(body: Record<string, unknown>, query: Record<string, string>, base: string) {
    rejectTopLevelEntities(body);
    const filters = body['filters'] as Record<string, unknown>;
    const page = Number(query['page'] ?? 1);
    const pageSize = Number(query['page_size'] ?? 100);
    const matching = memories.filter((m) => matchesFilter(filters, m)).reverse();
    const results = matching.slice((page - 1) * pageSize, page * pageSize).map((m) => ({ ...m, categories: [] }));
    const pageUrl = (p: number) => `${base}/v3/memories/?page=${p}&page_size=${pageSize}`;
    return {
      count: matching.length,
      next: page * pageSize < matching.length ? pageUrl(page + 1) : null,
      previous: page > 1 ? pageUrl(page - 1) : null,
      results,
    };
  }

  function deleteWhere(predicate: (m: StoredMemory) => boolean): void {
    for (const m of memories.filter(predicate)) remove(m);
  }

  function route(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, base: string): unknown {
    const memoryPath = /^\/v1\/memories\/([^/]+)\/(history\/)?$/.exec(path);
    const eventPath = /^\/v1\/event\/([^/]+)\/$/.exec(path);
    const entityPath = /^\/v2\/entities\/([^/]+)\/([^/]+)\/$/.exec(path);

    if (method === 'GET' && path === '/v1/ping/') return { status: 'ok', org_id: 'org_local', project_id: 'proj_local' };
    if (method === 'POST' && path === '/v3/memories/add/') return addMemories(body);
    if (method === 'POST' && path === '/v3/memories/search/') return search(body);
    if (method === 'POST' && path === '/v3/memories/') return listMemories(body, query, base);
    if (method === 'GET' && eventPath) return pollEvent(decodeURIComponent(eventPath[1]!));
    if (method === 'DELETE' && path === '/v1/memories/') {
      const userId = query['user_id'];
      if (!userId) throw new HttpError(400, { error: 'at least one of user_id, agent_id, app_id, run_id is required' });
      deleteWhere((m) => m.user_id === userId);
      return { message: 'Memories deleted successfully!' };
    }
    if (method === 'DELETE' && entityPath) {
      const name = decodeURIComponent(entityPath[2]!);
      deleteWhere((m) => entityPath[1] === 'user' && m.user_id === name);
      return { message: 'Entity deleted successfully!' };
    }
    if (memoryPath) {
      const id = decodeURIComponent(memoryPath[1]!);
      if (method === 'GET' && memoryPath[2]) {
        const rows = history.filter((h) => h.memory_id === id);
        if (rows.length === 0) throw new HttpError(404, { error: 'Memory not found' });
        return rows.map((h) => ({ ...h, input: [], categories: [], updated_at: h.created_at }));
      }
      if (method === 'GET') return { ...find(id), categories: [] };
      if (method === 'DELETE') {
        remove(find(id));
        return { message: 'Memory deleted successfully!' };
      }
    }
    throw new HttpError(404, { error: `no route for ${method} ${path}` });
  }

  let inFlight = 0;
  let peakInFlight = 0;
  async function handle(req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      await serve(req, res, base);
    } finally {
      inFlight--;
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    const latency = options.latencyMs?.(url.pathname) ?? 0;
    if (latency > 0) await sleep(latency);
    const fault = takeFault(url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status) {
      send(fault.status, { error: `injected ${fault.status}` }, fault.status === 429 ? { 'retry-after': '1' } : {});
      return;
    }
    if (req.headers.authorization !== `Token ${apiKey}`) {
      send(401, { detail: 'Invalid API key' });
      return;
    }
    try {
      const query = Object.fromEntries(url.searchParams);
      send(200, route(method, url.pathname, query, (body ?? {}) as Record<string, unknown>, base));
    } catch (err) {
      if (err instanceof HttpError) send(err.status, err.body);
      else send(500, { error: String(err) });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiKey,
    requests,
    peakInFlight: () => peakInFlight,
    memories,
    fail(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    recover() {
      faults.splice(0, faults.length);
      randomFault = undefined;
    },
    failRandomly(rate, fault, random = Math.random) {
      randomFault = { rate, fault, random };
    },
    eventOutcome(next) {
      outcome = next;
    },
    sent(method, pathPrefix) {
      return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
