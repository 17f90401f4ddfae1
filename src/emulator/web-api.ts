// The Web API's HTTP side: POST /api/<method> with a form or JSON body, authenticated by the bot
// token (header or `token` field), answered by the methods in web-api-methods.ts. Every call is
// recorded (tests assert on them; the page refreshes on them), and a test can make the next calls to
// a method fail: 429 with Retry-After, an `ok: false` error, or an HTTP status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readBody, sendJson } from './http-bodies.js';
import { callWebApiMethod, type WebApiContext } from './web-api-methods.js';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** What the server answered: `ok`, `rate_limited` (429) or the `error` it returned. */
  result: 'ok' | 'rate_limited' | string;
  /** The JSON body sent back, e.g. a post's `ts`. */
  response: Record<string, unknown>;
  at: number;
}

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'error'; error: string }
  /** An HTTP failure such as 503; the request may or may not have taken effect. */
  | { kind: 'http_status'; status: number }
  /** A slow Slack: the call is answered as usual, but only after `ms` (a caller with a shorter timeout gives up first). */
  | { kind: 'slow'; ms: number };

export interface WebApiOptions extends WebApiContext {
  /** The one bot token accepted (others get invalid_auth); any token when unset. */
  token?: string;
  /** Oldest calls are forgotten past this many (a long-running workspace). */
  maxRecordedCalls?: number;
}

export interface WebApi {
  calls: RecordedCall[];
  /** Calls to one method that Slack accepted. */
  accepted(method: string): RecordedCall[];
  /** The next `times` calls to `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Records a call that did not come through /api/ (a response_url post). */
  record(call: Omit<RecordedCall, 'at'>): void;
  /** Forgets recorded calls and pending faults. */
  forget(): void;
  onCall(listener: (call: RecordedCall) => void): () => void;
  /** Answers one HTTP request for `method`. */
  serve(req: IncomingMessage, res: ServerResponse, method: string): Promise<void>;
}

export function createWebApi(options: WebApiOptions): WebApi {
  const calls: RecordedCall[] = [];
  const faults = new Map<string, Fault[]>();
  const listeners = new Set<(call: RecordedCall) => void>();
  const limit = options.maxRecordedCalls ?? Number.POSITIVE_INFINITY;

  const record = (call: Omit<RecordedCall, 'at'>) => {
    const recorded = { ...call, at: Date.now() };
    calls.push(recorded);
    if (calls.length > limit) calls.splice(0, calls.length - limit);
    for (const listener of listeners) listener(recorded);
  };

  return {
    calls,
    accepted: (method) => calls.filter((c) => c.method === method && c.result === 'ok'),
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(method, queue);
    },
    record,
    forget() {
      calls.length = 0;
      faults.clear();
    },
    onCall(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async serve(req, res, method) {
      const args = parseBody(await readBody(req), req.headers['content-type']);
      const reply = (status: number, result: string, response: Record<string, unknown>, headers: Record<string, string> = {}) => {
        record({ method, args: withoutToken(args), result, response });
        sendJson(res, status, response, headers);
      };

      const fault = faults.get(method)?.shift();
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms).unref());
      if (fault?.kind === 'rate_limited') {
        return reply(429, 'rate_limited', { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
      }
      if (fault?.kind === 'error') return reply(200, fault.error, { ok: false, error: fault.error });
      if (fault?.kind === 'http_status') return reply(fault.status, `http_${fault.status}`, { ok: false, error: 'service_unavailable' });

      const token = bearerToken(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
      if (!token) return reply(200, 'not_authed', { ok: false, error: 'not_authed' });
      if (options.token !== undefined && token !== options.token) return reply(200, 'invalid_auth', { ok: false, error: 'invalid_auth' });
      const response = callWebApiMethod(method, args, options);
      return reply(200, response.ok ? 'ok' : String(response.error), response);
    },
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

function withoutToken(args: Record<string, unknown>): Record<string, unknown> {
  const { token: _token, ...rest } = args;
  return rest;
}
