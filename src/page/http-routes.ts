// The workspace's one HTTP port: Slack's side for the bot (/api/<method>, /response/<id>), the page
// (/ and its files, /workspace/* for data, actions and the live stream), and /healthz.
import { readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import { parseBody, readBody, sendJson } from '../emulator/http-bodies.js';
import type { LiveUpdates } from './live-updates.js';
import type { PageActions } from './page-actions.js';
import type { PageData } from './page-data.js';
import type { ResponseUrls } from '../emulator/response-urls.js';
import type { WebApi } from '../emulator/web-api.js';
import { hasCode } from '../errors.js';

export interface RouteDeps {
  api: WebApi;
  responseUrls: ResponseUrls;
  live: LiveUpdates;
  actions: PageActions;
  data: PageData;
  logger: Logger;
}

const pageDir = fileURLToPath(new URL('./browser/', import.meta.url));
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
// The page is plain files, read once: no build step, nothing outside src/page/browser.
const pageFiles = new Map(
  readdirSync(pageDir)
    .filter((name) => contentTypes[extname(name)])
    .map((name) => [name, readFileSync(`${pageDir}${name}`)] as const),
);
const pageHeaders = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export function workspaceRoutes(deps: RouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://workspace.local');
    const path = url.pathname;
    try {
      if (path.startsWith('/api/')) return await deps.api.serve(req, res, path.slice('/api/'.length));
      if (path.startsWith('/response/')) return await deps.responseUrls.serve(req, res, path.slice('/response/'.length));
      if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, deps.data.health());
      if (path.startsWith('/workspace/')) {
        if (!fromThePage(req)) return sendJson(res, 403, { error: 'Requests must come from the workspace page.' });
        return await pageRoute(req, res, path.slice('/workspace/'.length), url, deps);
      }
      if (req.method === 'GET' || req.method === 'HEAD') return servePageFile(res, path === '/' ? 'index.html' : path.slice(1));
      return sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      if (hasCode(error, 'page_request')) return sendJson(res, error.detail.status, { error: error.message });
      if (hasCode(error, 'body_too_large')) return sendJson(res, 413, { error: error.message });
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: 'The body is not valid JSON.' });
      deps.logger.error({ err: error, path }, 'local workspace request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'The workspace failed; see the terminal for its log.' });
      else res.end();
    }
  };
}

async function pageRoute(req: IncomingMessage, res: ServerResponse, route: string, url: URL, deps: RouteDeps): Promise<void> {
  if (req.method === 'GET') {
    switch (route) {
      case 'stream':
        return deps.live.subscribe(req, res);
      case 'conversations':
        return sendJson(res, 200, deps.data.conversations());
      case 'tickets':
        return sendJson(res, 200, await deps.data.tickets());
      case 'memory':
        return sendJson(res, 200, await deps.data.memory());
      case 'knowledge':
        return sendJson(res, 200, await deps.data.knowledge());
      case 'insights':
        return sendJson(res, 200, await deps.data.insights(Number(url.searchParams.get('days') ?? '30')));
    }
    return sendJson(res, 404, { error: 'not found' });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
  // JSON only: a plain cross-site form cannot send it without a preflight this server never grants.
  if (!req.headers['content-type']?.includes('application/json')) return sendJson(res, 415, { error: 'Send JSON.' });
  const body = parseBody(await readBody(req), 'application/json');
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  switch (route) {
    case 'messages': {
      const posted = deps.actions.post({ user: text('user') ?? '', text: text('text') ?? '', ...(text('thread_ts') ? { threadTs: text('thread_ts') } : {}) });
      return sendJson(res, 201, { ts: posted.ts });
    }
    case 'reactions':
      await deps.actions.react({ user: text('user') ?? '', channel: text('channel') ?? '', ts: text('ts') ?? '', name: text('name') ?? '' });
      return sendJson(res, 202, { ok: true });
    case 'seed-memory':
      await deps.actions.seedMemory();
      return sendJson(res, 202, { ok: true });
    case 'buttons':
      await deps.actions.pressButton({
        channel: text('channel') ?? '',
        ts: text('ts') ?? '',
        actionId: text('action_id') ?? '',
        ...(text('value') !== undefined ? { value: text('value') } : {}),
        ...(text('user') ? { user: text('user') } : {}),
      });
      return sendJson(res, 202, { ok: true });
    case 'gaps/accept':
      return sendJson(res, 200, await deps.actions.acceptGap({ gapId: text('gap_id') ?? '' }));
    case 'home':
      return sendJson(res, 200, { view: await deps.actions.openHome({ user: text('user') ?? '' }) });
    case 'reset':
      await deps.actions.reset();
      return sendJson(res, 200, { ok: true });
    case 'clock':
      return sendJson(res, 200, await deps.actions.advanceClock(typeof body.minutes === 'number' ? body.minutes : Number.NaN));
  }
  return sendJson(res, 404, { error: 'not found' });
}

/** Loopback only, from this origin: another site open in the browser cannot drive the workspace. */
function fromThePage(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  if (!/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

function servePageFile(res: ServerResponse, name: string): void {
  const file = pageFiles.get(name);
  if (!file) {
    sendJson(res, 404, { error: 'not found' });
    return;
  }
  res.writeHead(200, { 'content-type': contentTypes[extname(name)] as string, ...pageHeaders }).end(file);
}
