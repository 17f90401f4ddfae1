// The Web API client ticket turns post through: @slack/web-api's WebClient, except that a plain call
// (a method name and form arguments, no files) goes out on a keep-alive connection directly instead
// of through axios, a request queue and a retry wrapper, which cost more CPU than the call itself on
// a busy bot (and its debug lines JSON-encode every body even when debug is off). What a plain call
// sends and how it fails are the WebClient's: the same form encoding, `ok: false` as a platform
// error with `data`, another HTTP status as an HTTP error, a lost connection as a request error, none
// of them retried. A 429 waits out its Retry-After — holding this client's other calls meanwhile, as
// the WebClient's paused queue does — and is then retried by the WebClient itself (webClientOptions);
// with the WebClient's `rejectRateLimitedCalls` it fails at once with the WebClient's rate-limited error.
// Uploads, absolute URLs and everything not a plain call are the WebClient's own.
import http from 'node:http';
import https from 'node:https';
import { stringify } from 'node:querystring';
import { webApi } from '@slack/bolt';

type CallOptions = Record<string, unknown>;

interface RawResponse {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class SlackWebClient extends webApi.WebClient {
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;
  /** The API's host and path prefix, parsed once rather than from a URL string per call. */
  readonly #base: { protocol: string; hostname: string; port: string; path: string };
  /** Set while a 429's Retry-After runs out: calls made meanwhile wait for it. */
  #rateLimited: Promise<void> | undefined;

  constructor(token: string | undefined, options: webApi.WebClientOptions = {}) {
    super(token, options);
    const secure = this.slackApiUrl.startsWith('https:');
    this.#agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.#request = secure ? https.request : http.request;
    const base = new URL(this.slackApiUrl);
    this.#base = { protocol: base.protocol, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, path: base.pathname };
  }

  override async apiCall(method: string, options: CallOptions = {}): Promise<webApi.WebAPICallResult> {
    const body = plainForm({ team_id: (this as unknown as { teamId?: string }).teamId, ...options });
    if (body === undefined || method.includes('://') || method === 'files.uploadV2') return super.apiCall(method, options);
    while (this.#rateLimited) await this.#rateLimited;
    const token = typeof options.token === 'string' && options.token ? options.token : this.token;
    let response: RawResponse;
    try {
      response = await this.#post(method, body, token);
    } catch (error) {
      throw Object.assign(new Error(`A request error occurred: ${(error as Error).message}`), { code: webApi.ErrorCode.RequestError, original: error });
    }
    if (response.status === 429) return this.#afterRateLimit(method, options, response);
    if (response.status !== 200) {
      throw Object.assign(new Error(`An HTTP protocol error occurred: statusCode = ${response.status}`), {
        code: webApi.ErrorCode.HTTPError,
        statusCode: response.status,
        statusMessage: response.statusMessage,
        headers: response.headers,
        body: response.body,
      });
    }
    const result = parseResult(response);
    const logger = (this as unknown as { logger: { warn(message: string): void } }).logger;
    for (const warning of result.response_metadata?.warnings ?? []) logger.warn(warning);
    if (result.ok !== true) {
      throw Object.assign(new Error(`An API error occurred: ${String(result.error)}`), { code: webApi.ErrorCode.PlatformError, data: result });
    }
    return result;
  }

  async #afterRateLimit(method: string, options: CallOptions, response: RawResponse): Promise<webApi.WebAPICallResult> {
    const seconds = Number.parseInt(String(response.headers['retry-after'] ?? ''), 10);
    if (Number.isNaN(seconds)) {
      throw new Error(`Retry header did not contain a valid timeout (url: ${this.slackApiUrl}${method}, retry-after header: ${response.headers['retry-after']})`);
    }
    if ((this as unknown as { rejectRateLimitedCalls?: boolean }).rejectRateLimitedCalls) {
      this.emit(webApi.WebClientEvent.RATE_LIMITED, seconds, { url: `${this.slackApiUrl}${method}`, body: options });
      throw Object.assign(new Error(`A rate-limit has been reached, you may retry this request in ${seconds} seconds`), {
        code: webApi.ErrorCode.RateLimitedError,
        retryAfter: seconds,
      });
    }
    if (!this.#rateLimited) {
      const waited = new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
      this.#rateLimited = waited;
      void waited.then(() => {
        if (this.#rateLimited === waited) this.#rateLimited = undefined;
      });
    }
    await this.#rateLimited;
    return super.apiCall(method, options);
  }

  #post(method: string, body: string, token: string | undefined): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'memdesk',
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const { protocol, hostname, port, path } = this.#base;
      const options: http.RequestOptions = { protocol, hostname, path: `${path}${method}`, method: 'POST', agent: this.#agent, headers };
      if (port) options.port = port;
      const req = this.#request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The WebClient's form encoding (objects as JSON, no nulls), or undefined when a value is binary. */
function plainForm(options: CallOptions): string | undefined {
  const form: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') form[key] = value;
    else if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
    else form[key] = JSON.stringify(value);
  }
  return stringify(form);
}

function parseResult(response: RawResponse): webApi.WebAPICallResult {
  let result: webApi.WebAPICallResult;
  try {
    result = JSON.parse(response.body) as webApi.WebAPICallResult;
  } catch {
    result = { ok: false, error: response.body };
  }
  const metadata = (result.response_metadata ??= {});
  const scopes = response.headers['x-oauth-scopes'];
  if (typeof scopes === 'string') metadata.scopes = scopes.trim().split(/\s*,\s*/);
  const accepted = response.headers['x-accepted-oauth-scopes'];
  if (typeof accepted === 'string') metadata.acceptedScopes = accepted.trim().split(/\s*,\s*/);
  return result;
}
