// Server-Sent Events to the page: "something changed, version N". Bursts (a ticket turn makes
// several Web API calls) are folded into one event; the page then fetches what it shows.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveUpdates {
  /** Keeps `res` open as an event stream until the page goes away. */
  subscribe(req: IncomingMessage, res: ServerResponse): void;
  changed(): void;
  close(): void;
}

export function createLiveUpdates(opts: { foldMs?: number; heartbeatMs?: number } = {}): LiveUpdates {
  const clients = new Set<ServerResponse>();
  let version = 0;
  let pending: NodeJS.Timeout | undefined;
  const send = (res: ServerResponse) => res.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`);
  // Comments keep idle connections open through proxies and tell the page it is still connected.
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': still here\n\n');
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    subscribe(req, res) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      send(res);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    changed() {
      version += 1;
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        for (const res of clients) send(res);
      }, opts.foldMs ?? 40);
    },
    close() {
      clearInterval(heartbeat);
      if (pending) clearTimeout(pending);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
