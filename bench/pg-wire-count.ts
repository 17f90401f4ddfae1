// Round trips to PostgreSQL, counted on the wire: a TCP proxy between the bot processes and the
// server that reads the frontend protocol and counts every message the client then waits on — a
// simple Query ('Q', one per BEGIN/COMMIT or unparameterised statement) and a Sync ('S', ending each
// parameterised statement). Nothing the bots send (ticket records, the delivery ledger, memory and
// knowledge searches, inbox polling) can go around it, so the count cannot leave a statement out.
// The load bench's own count is the bots' (pg-round-trip-hook.mjs, no process beside them); this
// proxy checks it from outside (PG_WIRE_PROXY=1) and lists the statements (PG_WIRE_STATEMENTS).
// It runs as its own process (`startPgWireCounter`), so its event loop is not the bench's, which
// serves the Slack Web API; with PG_WIRE_STATEMENTS=file it also appends each statement's SQL there.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Counts the statements one client connection sends, as its bytes pass through. */
function frontendReader(onStatement: (sql: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let startup = true;
  // A named statement is parsed once per connection and then only bound: its text is found by name.
  const parsed = new Map<string, string>();
  let bound = '';
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (startup) {
        // Startup, SSL and GSS requests carry no type byte: a length, then a code.
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) return;
      const type = String.fromCharCode(pending[0]!);
      const body = pending.subarray(5, length + 1);
      if (type === 'Q') onStatement(body.toString('utf8', 0, body.indexOf(0)));
      else if (type === 'P') {
        const nameEnd = body.indexOf(0);
        parsed.set(body.toString('utf8', 0, nameEnd), body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)));
      } else if (type === 'B') {
        // Bind: portal name, then statement name.
        const portalEnd = body.indexOf(0);
        bound = parsed.get(body.toString('utf8', portalEnd + 1, body.indexOf(0, portalEnd + 1))) ?? '';
      } else if (type === 'S') onStatement(bound);
      pending = pending.subarray(length + 1);
    }
  };
}

export interface PgWireCounter {
  /** host:port to connect to instead of the server. */
  port: number;
  /** The proxy's process (a child of the bench, beside the bots: its CPU is not theirs). */
  pid: number;
  /** Statements (round trips) sent so far by every connection. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the proxy in its own process in front of `target` (host and port of the server). */
export async function startPgWireCounter(target: { host: string; port: number }, statementsFile?: string): Promise<PgWireCounter> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, target.host, String(target.port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...(statementsFile ? { PG_WIRE_STATEMENTS: statementsFile } : {}) },
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const port = Number(await next());
  return {
    port,
    pid: child.pid!,
    async count() {
      const answer = next();
      child.stdin!.write('count\n');
      return Number(await answer);
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
    },
  };
}

// The proxy process: prints its port, then answers each "count" line on stdin with the total.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [host = '127.0.0.1', targetPort = '5432'] = process.argv.slice(2);
  const statementsFile = process.env.PG_WIRE_STATEMENTS;
  let statements = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port: Number(targetPort) });
    sockets.add(client).add(upstream);
    const read = frontendReader((sql) => {
      statements++;
      if (statementsFile) appendFileSync(statementsFile, `${sql.replace(/\s+/g, ' ')}\n`);
    });
    client.on('data', (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line === 'count') process.stdout.write(`${statements}\n`);
  });
  input.on('close', () => {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  });
}
