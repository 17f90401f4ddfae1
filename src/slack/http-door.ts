// The door in front of Bolt's HTTP receiver. Slack's own requests are small, signed, JSON or form
// encoded and of a handful of envelope types; anything else is refused here, quickly and before any
// parsing work: too big (413), wrong content type (415), unsigned or stale (401), unparseable or of
// an unknown envelope (400). Bolt then gets the already-read body (and trusts the door's check).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { isSignedBySlack } from './request-signature.js';

/** Slack's largest payloads (modals, big messages) stay well under this. */
export const MAX_BODY_BYTES = 1_000_000;
const contentTypes = ['application/json', 'application/x-www-form-urlencoded'];
const envelopeTypes = new Set(['event_callback', 'url_verification', 'app_rate_limited']);

export function guardSlackRequests(opts: { path: string; signingSecret: string; logger: Logger }, next: RequestListener): RequestListener {
  const refuse = (res: ServerResponse, status: number, why: string, req: IncomingMessage) => {
    opts.logger.info({ status, why, path: req.url }, 'slack request refused at the door');
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    res.end(why);
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== opts.path) return next(req, res);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!contentTypes.includes(type)) return refuse(res, 415, 'unsupported content type', req);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return refuse(res, 413, 'body too large', req);

    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        refuse(res, 413, 'body too large', req);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => refuse(res, 400, 'request aborted', req));
    req.on('end', () => {
      if (refused) return;
      const rawBody = Buffer.concat(chunks);
      const text = rawBody.toString('utf8');
      const signature = req.headers['x-slack-signature'];
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const signed = typeof signature === 'string' && Number.isFinite(timestamp) && isSignedBySlack(opts.signingSecret, text, signature, timestamp);
      if (!signed) return refuse(res, 401, 'invalid or stale signature', req);
      if (type === 'application/json') {
        let envelope: unknown;
        try {
          envelope = JSON.parse(text);
        } catch {
          return refuse(res, 400, 'body is not JSON', req);
        }
        const kind = (envelope as { type?: unknown } | null)?.type;
        if (typeof kind !== 'string' || !envelopeTypes.has(kind)) return refuse(res, 400, 'unknown envelope type', req);
      }
      // Bolt reads a request whose body was already buffered from `rawBody`.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = rawBody;
      next(req, res);
    });
  };
}
