// MemoryStore on hosted Mem0 (v3 API) through the official `mem0ai` MemoryClient.
//
// What the platform does differently from an embedded store, and how this adapter hides it:
// - adds are asynchronous: the API answers with an event id, and a write only counts once
//   GET /v1/event/{id}/ says SUCCEEDED (bounded by eventWaitMs; FAILED or too slow → memory_write_failed);
// - every entity id goes inside `filters` on search and list (the client rejects top-level ids there);
// - calls are scheduled, not sprayed: at most maxConcurrency in flight (MEM0_MAX_CONCURRENCY), the
//   others waiting in line, with the model calls' scheduler (decide/call-scheduler.ts);
// - the client has no timeout of its own, so every call, its wait for a slot included, is bounded by timeoutMs, and outages
//   (timeouts, 5xx, 429, refused connections) become memory_unavailable errors so a ticket can
//   still be answered without memory.
import { MemoryClient, MemoryError, createExceptionFromResponse } from 'mem0ai';
import { z } from 'zod';
import type { AddMemoryOptions, MemoryChange, MemoryRecord, MemoryStore, Scope, ScoredMemory } from '../core/ports.js';
import type { Logger } from '../log.js';
import { hasCode, MemdeskError } from '../errors.js';
import { newId } from '../ids.js';
import { redactSecrets } from './redact.js';
import { parseScopeKey, scopeKey } from './scope.js';
import { CallScheduler, ServiceBusy } from '../decide/call-scheduler.js';
import { httpFetch } from '../http-fetch.js';

export interface Mem0PlatformOptions {
  apiKey: string;
  /** Overrides Mem0's API host (MEM0_HOST): self-hosted deployments and tests. */
  host?: string;
  /** MEMDESK_NAMESPACE: the prefix of every scope key. */
  namespace: string;
  logger?: Logger;
  /** How long an add may wait for its event to succeed. */
  eventWaitMs?: number;
  /** Bound on every single HTTP call, its wait for a slot included. */
  timeoutMs?: number;
  /** Calls in flight at once (MEM0_MAX_CONCURRENCY); the rest wait their turn, oldest first. */
  maxConcurrency?: number;
}

export type UnavailableReason = 'timeout' | 'rate_limited' | 'server_error' | 'network' | 'auth' | 'busy';

/** Memory could not be reached; the caller should carry on without it. */
function unavailableError(reason: UnavailableReason, message: string, options?: { cause?: unknown }): MemdeskError<'memory_unavailable'> {
  return new MemdeskError('memory_unavailable', message, { reason }, options);
}

/** The platform accepted a write but did not confirm it: the memory may not exist. */
function writeError(eventId: string, status: string, message: string, options?: { cause?: unknown }): MemdeskError<'memory_write_failed'> {
  return new MemdeskError('memory_write_failed', message, { eventId, status }, options);
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_EVENT_WAIT_MS = 30_000;
const DEFAULT_MAX_CONCURRENCY = 64;
/** A timer this late means the event loop was held, not that Mem0 was slow. */
const STALL_MS = 50;
const LIST_PAGE_SIZE = 100;
// A scope is one customer or account; more pages than this means something else is wrong.
const MAX_LIST_PAGES = 50;

// Shapes as the client returns them: it camel-cases keys, except inside `metadata`.
const platformMemory = z.object({
  id: z.string(),
  memory: z.string().nullish(),
  data: z.object({ memory: z.string().nullish() }).nullish(),
  userId: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  score: z.number().nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
type PlatformMemory = z.infer<typeof platformMemory>;

const memoryPage = z.object({
  next: z.string().nullish(),
  results: z.array(platformMemory),
});
const searchResponse = z.object({ results: z.array(platformMemory) });
const historyEntry = z.object({
  memoryId: z.string().nullish(),
  event: z.string(),
  oldMemory: z.string().nullish(),
  newMemory: z.string().nullish(),
  createdAt: z.string().nullish(),
});
// GET /v1/event/{id}/ is fetched directly (the client has no method for it), so keys stay snake_case.
const platformEvent = z.object({
  status: z.string(),
  results: z.array(z.unknown()).nullish(),
  updated_at: z.string().nullish(),
});
// One memory the write touched: `{id, event: "ADD", data: {memory}}` on the v1 events API.
const eventResult = z.object({
  id: z.string().optional(),
  memory_id: z.string().optional(),
  event: z.string().optional(),
  data: z.object({ memory: z.string().nullish() }).nullish(),
});

/** A memory a write event names, with its text and the event's time when the event gives them. */
interface EventMemory {
  id: string;
  event: string | undefined;
  memory: string | undefined;
  at: string | undefined;
}

/**
 * The official client sending through the lean transport (http-fetch.ts) rather than the global fetch:
 * it takes no fetch option, and every call it makes (the ping at construction included) goes through
 * this one method, so it is overridden with the SDK's own body (3.3: the key and telemetry id headers,
 * a non-2xx thrown as createExceptionFromResponse(status, text), else the JSON).
 */
class MemoryClientOverHttp extends MemoryClient {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's own signature
  override async _fetchRawJson(url: string, options: any): Promise<any> {
    const init = (options ?? {}) as { method?: string; headers?: Record<string, string>; body?: string };
    const response = await httpFetch(url, { ...init, headers: { ...init.headers, Authorization: `Token ${this.apiKey}`, 'Mem0-User-ID': this.telemetryId } });
    if (!response.ok) throw createExceptionFromResponse(response.status, await response.text());
    return response.json();
  }
}

export function createMem0PlatformStore(options: Mem0PlatformOptions): MemoryStore {
  const { apiKey, namespace, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const eventWaitMs = options.eventWaitMs ?? DEFAULT_EVENT_WAIT_MS;
  const client = new MemoryClientOverHttp({ apiKey, ...(options.host ? { host: options.host } : {}) });
  const apiHost = client.host.replace(/\/+$/, '');
  // No ticket priority reaches the memory port, so every call has the same rank: oldest first.
  const scheduler = new CallScheduler({ maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, maxWaitMs: timeoutMs });
  // Adds to one scope run one after another, so two identical seeds cannot both pass the duplicate check.
  const scopeWrites = new Map<string, Promise<unknown>>();

  const keyOf = (scope: Scope) => scopeKey(namespace, scope);
  const scopeFilter = (scope: Scope) => ({ AND: [{ user_id: keyOf(scope) }] });

  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const asked = Date.now();
    let admitted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      admitted = resolve;
    });
    // The slot is held until Mem0 answers, even when the caller stopped waiting: the call is still in flight there.
    const scheduled = scheduler.run({ priority: 0 }, async () => {
      admitted();
      return { value: await run() };
    });
    try {
      // The wait for a slot and the wait for the answer share one bound: a ticket's memory budget.
      await Promise.race([started, scheduled]);
      return await bounded(operation, scheduled, timeoutMs - (Date.now() - asked));
    } catch (err) {
      if (err instanceof ServiceBusy) throw unavailableError('busy', `Mem0 ${operation} found no free call slot within ${err.waitedMs} ms`, { cause: err });
      throw asStoreError(operation, err);
    }
  }

  async function bounded<T>(operation: string, answer: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // A timer that fires late measures this process, not Mem0: while the event loop was held (a
      // model loading, a busy machine) an answer may have been waiting unread in the socket. The
      // time the process was not listening is given back (up to the bound again) before giving up.
      let givenBack = 0;
      const arm = (wait: number) => {
        const due = performance.now() + wait;
        timer = setTimeout(() => {
          const late = performance.now() - due;
          if (late > STALL_MS && givenBack < timeoutMs) {
            const back = Math.min(late, timeoutMs - givenBack);
            givenBack += back;
            arm(back);
            return;
          }
          reject(unavailableError('timeout', `Mem0 ${operation} gave no answer within ${timeoutMs} ms`));
        }, wait);
      };
      arm(Math.max(0, ms));
    });
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function toRecord(m: PlatformMemory, asked: Scope): MemoryRecord {
    const created = m.createdAt ?? new Date(0).toISOString();
    return {
      id: m.id,
      scope: (m.userId && parseScopeKey(m.userId)?.scope) || asked,
      memory: m.memory ?? m.data?.memory ?? '',
      metadata: m.metadata ?? {},
      created_at: created,
      updated_at: m.updatedAt ?? created,
    };
  }

  /** Defence in depth: a memory filed under another user id is never handed to this scope. */
  function ownedBy(scope: Scope, operation: string) {
    const key = keyOf(scope);
    return (m: PlatformMemory): boolean => {
      if (!m.userId || m.userId === key) return true;
      logger?.warn({ operation, memory_id: m.id }, 'mem0 returned a memory of another scope; dropped');
      return false;
    };
  }

  async function list(scope: Scope): Promise<MemoryRecord[]> {
    const records: MemoryRecord[] = [];
    for (let page = 1; page <= MAX_LIST_PAGES; page++) {
      const raw = await call('list', () => client.getAll({ filters: scopeFilter(scope), page, pageSize: LIST_PAGE_SIZE }));
      const parsed = memoryPage.parse(raw);
      records.push(...parsed.results.filter(ownedBy(scope, 'list')).map((m) => toRecord(m, scope)));
      if (!parsed.next || parsed.results.length < LIST_PAGE_SIZE) break;
    }
    return records;
  }

  async function fetchEvent(eventId: string): Promise<z.infer<typeof platformEvent>> {
    const response = await httpFetch(`${apiHost}/v1/event/${encodeURIComponent(eventId)}/`, {
      headers: { Authorization: `Token ${apiKey}`, Accept: 'application/json' },
    });
    if (!response.ok) throw createExceptionFromResponse(response.status, await response.text());
    return platformEvent.parse(await response.json());
  }

  /** Polls until the event succeeds; returns the memories it names. */
  async function awaitEvent(eventId: string): Promise<EventMemory[]> {
    const deadline = Date.now() + eventWaitMs;
    let pause = 50;
    let status = 'PENDING';
    let lastError: unknown;
    for (;;) {
      try {
        const event = await call('event', () => fetchEvent(eventId));
        status = event.status.toUpperCase();
        if (status === 'SUCCEEDED') {
          return (event.results ?? []).flatMap((r): EventMemory[] => {
            const parsed = eventResult.safeParse(r);
            const id = parsed.success ? (parsed.data.id ?? parsed.data.memory_id) : undefined;
            if (!parsed.success || !id) return [];
            return [{ id, event: parsed.data.event, memory: parsed.data.data?.memory ?? undefined, at: event.updated_at ?? undefined }];
          });
        }
        if (status === 'FAILED') throw writeError(eventId, status, `Mem0 reported the write ${eventId} as FAILED`);
      } catch (err) {
        // A blip while polling is not a verdict on the write; keep asking until the deadline.
        if (!hasCode(err, 'memory_unavailable')) throw err;
        lastError = err;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw writeError(eventId, status, `Mem0 write ${eventId} still ${status} after ${eventWaitMs} ms`, {
          cause: lastError,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      pause = Math.min(pause * 1.6, 1_000);
    }
  }

  async function addNow(scope: Scope, text: string, opts: AddMemoryOptions): Promise<MemoryRecord[]> {
    const infer = opts.infer ?? false;
    const clean = redactSecrets(text);
    const content = clean.text.trim();
    if (!content) throw new Error('a memory needs some text');

    // A replayed write-back (its first try timed out here but may have landed there) carries the
    // same outbox id: if Mem0 already holds it, that is the write, not a second one. A write-back's
    // first attempt has nothing to find, so it skips the list (a scope's whole list, per write).
    const outboxId = opts.metadata?.outbox_id;
    if (typeof outboxId === 'string' ? !opts.firstAttempt : !infer) {
      const existing = (await list(scope)).filter((r) =>
        typeof outboxId === 'string' ? r.metadata.outbox_id === outboxId : r.memory.trim() === content,
      );
      if (existing.length) return existing;
    }

    const writeId = newId('mw');
    const redactions = [...new Set(clean.redactions)];
    const metadata: Record<string, unknown> = {
      ...redactMetadata(opts.metadata ?? {}),
      app: 'memdesk',
      namespace,
      scope: scope.kind,
      scope_id: scope.id,
      write_id: writeId,
      ...(redactions.length ? { redactions } : {}),
    };
    const accepted = await call('add', () =>
      client.add([{ role: 'user', content }], { userId: keyOf(scope), infer, metadata }),
    );
    const eventIds = eventIdsOf(accepted);
    logger?.debug({ scope: keyOf(scope), infer, event_ids: eventIds, redactions }, 'mem0 add accepted');
    const named: EventMemory[] = [];
    for (const eventId of eventIds) named.push(...(await awaitEvent(eventId)));

    // When the event names only new memories, with their text, they are the write's records (stored
    // with the metadata just sent). Otherwise (no results, an UPDATE or DELETE of an older memory)
    // the scope's list is the source of truth; write_id (stored in metadata) finds them even when
    // the event lists none.
    if (named.length > 0 && named.every((m) => m.event === 'ADD' && m.memory !== undefined)) {
      const at = named[0]?.at ?? new Date().toISOString();
      return named.map((m) => ({ id: m.id, scope, memory: m.memory ?? '', metadata, created_at: at, updated_at: at }));
    }
    const ids = new Set(named.map((m) => m.id));
    const stored = await list(scope);
    return stored.filter((r) => ids.has(r.id) || r.metadata['write_id'] === writeId);
  }

  return {
    kind: 'mem0-platform',

    async add(scope, text, opts = {}) {
      const key = keyOf(scope);
      const previous = scopeWrites.get(key) ?? Promise.resolve();
      const result = previous.catch(() => undefined).then(() => addNow(scope, text, opts));
      scopeWrites.set(key, result);
      try {
        return await result;
      } finally {
        if (scopeWrites.get(key) === result) scopeWrites.delete(key);
      }
    },

    async search(scope, query, opts = {}) {
      const raw = await call('search', () =>
        client.search(redactSecrets(query).text, { filters: scopeFilter(scope), topK: opts.limit ?? 10 }),
      );
      return searchResponse
        .parse(raw)
        .results.filter(ownedBy(scope, 'search'))
        .map((m): ScoredMemory => ({ ...toRecord(m, scope), score: m.score ?? 0 }))
        .sort((a, b) => b.score - a.score);
    },

    list,

    async delete(memoryId) {
      try {
        await call('delete', () => client.delete(memoryId));
      } catch (err) {
        // Already gone is what the caller wanted.
        if (!isNotFound(err)) throw err;
      }
    },

    async deleteScope(scope) {
      const count = (await list(scope)).length;
      if (count === 0) return 0;
      await call('deleteScope', () => client.deleteAll({ userId: keyOf(scope) }));
      logger?.info({ scope: keyOf(scope), count }, 'mem0 scope erased');
      return count;
    },

    async history(memoryId) {
      let raw: unknown;
      try {
        raw = await call('history', () => client.history(memoryId));
      } catch (err) {
        if (isNotFound(err)) return [];
        throw err;
      }
      return z
        .array(historyEntry)
        .parse(raw)
        .flatMap((h): MemoryChange[] =>
          h.event === 'ADD' || h.event === 'UPDATE' || h.event === 'DELETE'
            ? [
                {
                  memory_id: h.memoryId ?? memoryId,
                  event: h.event,
                  old_memory: h.oldMemory ?? null,
                  new_memory: h.newMemory ?? null,
                  at: h.createdAt ?? '',
                },
              ]
            : [],
        );
    },
  };
}

/** The v3 add answers `{event_id, status}`; older shapes put events in a list. */
function eventIdsOf(accepted: unknown): string[] {
  const entries = Array.isArray(accepted)
    ? accepted
    : accepted && typeof accepted === 'object' && Array.isArray((accepted as { results?: unknown }).results)
      ? [accepted, ...(accepted as { results: unknown[] }).results]
      : [accepted];
  return entries.flatMap((e) => {
    const id = e && typeof e === 'object' ? (e as { eventId?: unknown }).eventId : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

function redactMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return redactSecrets(value).text;
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    }
    return value;
  };
  return clean(metadata) as Record<string, unknown>;
}

function httpStatusOf(err: unknown): number | undefined {
  if (!(err instanceof MemoryError)) return undefined;
  const match = /^HTTP_(\d{3})$/.exec(err.errorCode);
  return match ? Number(match[1]) : undefined;
}

function isNotFound(err: unknown): boolean {
  return httpStatusOf(err) === 404;
}

/** Outages become memory_unavailable errors; a request the platform rejects (4xx) stays as it is. */
function asStoreError(operation: string, err: unknown): unknown {
  if (hasCode(err, 'memory_unavailable') || hasCode(err, 'memory_write_failed')) return err;
  const status = httpStatusOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  const unavailable = (reason: UnavailableReason, what: string) =>
    unavailableError(reason, `Mem0 ${operation} failed: ${what}`, { cause: err });
  if (status === 429) return unavailable('rate_limited', 'rate limited (HTTP 429)');
  if (status === 401 || status === 403) return unavailable('auth', `MEM0_API_KEY was refused (HTTP ${status})`);
  if (status === 408) return unavailable('timeout', 'HTTP 408');
  if (status !== undefined && status >= 500) return unavailable('server_error', `HTTP ${status}`);
  // fetch() rejects with TypeError('fetch failed') when the host cannot be reached at all.
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return unavailable('network', detail);
  return err;
}
