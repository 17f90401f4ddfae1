// A lean stand-in for the global fetch, over node:http and node:https with kept-alive connections, for
// the model and Mem0 clients: undici's fetch and the web streams under it cost the bot ~30% of its CPU in
// the realistic bench (a few hundred µs per call, ~8 calls per ticket). It does only what those SDKs ask
// of fetch: a method, headers (a Headers, a record or pairs), a string or byte body, an AbortSignal; and
// it answers with status, ok, headers, text(), json() and arrayBuffer(). What it leaves out: redirects
// (a 3xx comes back as it is), streamed bodies (`body` is null), cookies, caches and CORS.
// Failures look as fetch's do, since the adapters read them: an unreachable host or a dropped connection
// rejects with TypeError('fetch failed', { cause }), an abort with the signal's reason (an AbortError
// DOMException unless the signal says otherwise), and an aborted request's connection is destroyed.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

export interface HttpFetchInit {
  method?: string | undefined;
  headers?: Headers | Record<string, string | undefined> | [string, string][] | undefined;
  body?: string | Uint8Array | null | undefined;
  signal?: AbortSignal | null | undefined;
}

/** What an answer offers, as a fetch Response does (the body is read in full, not streamed). */
export interface HttpFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected: false;
  readonly headers: ResponseHeaders;
  readonly body: null;
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type HttpFetch = (input: string | URL, init?: HttpFetchInit) => Promise<HttpFetchResponse>;

// One pool per protocol for the process. Node's agent closes an idle connection a second before the
// server's Keep-Alive timeout says it would, so a reused connection is rarely one the server is closing.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** A response's headers with the read side of the Headers API (names are lower-case, as node gives them). */
export class ResponseHeaders {
  readonly #raw: IncomingHttpHeaders;
  constructor(raw: IncomingHttpHeaders) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  forEach(callback: (value: string, name: string, headers: ResponseHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function requestHeaders(headers: HttpFetchInit['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (!headers) return out;
  const add = (name: string, value: unknown) => {
    if (value !== undefined) out[name.toLowerCase()] = String(value);
  };
  if (Array.isArray(headers)) for (const [name, value] of headers) add(name, value);
  else if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => {
      add(name, value);
    });
  }
  else for (const name of Object.keys(headers)) add(name, (headers as Record<string, string | undefined>)[name]);
  return out;
}

const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

export const httpFetch: HttpFetch = (input, init = {}) => {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch (err) {
    return Promise.reject(new TypeError('Failed to parse URL', { cause: err }));
  }
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.reject(fetchFailed(new Error(`httpFetch speaks only http and https, not ${url.protocol}`)));
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return Promise.reject(new TypeError('httpFetch sends only a string or byte body'));
  }
  const headers = requestHeaders(init.headers);
  headers['accept'] ??= '*/*'; // fetch's own default

  if (body !== undefined) {
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
  }
  const method = (init.method ?? 'GET').toUpperCase();

  return new Promise<HttpFetchResponse>((resolve, reject) => {
    let req: ClientRequest;
    // Set once the answer's headers are in: from then on a failure is the body's, not the request's.
    let failBody: ((err: unknown) => void) | undefined;
    const onAbort = () => {
      const reason = abortReason(signal!);
      failBody?.(reason);
      reject(reason);
      req.destroy();
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    const options = { method, headers, agent: secure ? agents.https : agents.http };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const bytes = new Promise<Buffer>((resolveBody, rejectBody) => {
        failBody = rejectBody;
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done();
          const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          const decode = decoders[String(res.headers['content-encoding'] ?? '').trim().toLowerCase()];
          if (decode && raw.length > 0) decode(raw).then(resolveBody, (err: unknown) => rejectBody(new TypeError('terminated', { cause: err })));
          else resolveBody(raw);
        });
        // The connection dropped halfway through the body (an abort has already rejected it).
        res.on('error', (err) => {
          done();
          rejectBody(signal?.aborted ? abortReason(signal) : new TypeError('terminated', { cause: err }));
        });
      });
      // A body nobody reads must not surface as an unhandled rejection.
      bytes.catch(() => {});
      resolve(answer(url.href, res, bytes));
    };
    req = secure ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    req.on('error', (err) => {
      done();
      if (signal?.aborted) return; // onAbort has rejected already
      failBody ? failBody(new TypeError('terminated', { cause: err })) : reject(fetchFailed(err));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
};

function answer(url: string, res: IncomingMessage, bytes: Promise<Buffer>): HttpFetchResponse {
  const status = res.statusCode ?? 0;
  let used = false;
  const take = () => {
    if (used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    used = true;
    return bytes;
  };
  const text = () => take().then((b) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b).toString('utf8'));
  return {
    ok: status >= 200 && status <= 299,
    status,
    statusText: res.statusMessage ?? '',
    url,
    redirected: false,
    headers: new ResponseHeaders(res.headers),
    body: null,
    get bodyUsed() {
      return used;
    },
    text,
    json: () => text().then((t) => JSON.parse(t) as unknown),
    arrayBuffer: () => take().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  };
}
