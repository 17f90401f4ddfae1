// Tickets per second through the whole Slack HTTP path, as a deployment runs it: real bot processes
// (`npm start`'s entry point) with the policy engine and embedded memory, the local Slack Web API
// server in this process, and signed Events API posts to POST /slack/events. A ticket's ack is the
// HTTP response time of its post (the event is in the durable inbox by then); its end to end time
// runs from the start of the post to the ✅ reaction on the message recorded by the Web API server.
// Throughput is tickets ÷ (first post → last ✅). `concurrency` tickets are in flight at a time (a
// ticket is in flight from its post until its ✅), so the bot is kept busy without an unbounded
// backlog and end to end times are those of a loaded bot, not of a queue. With two instances, posts
// alternate between them (a round-robin load balancer) and both share one PostgreSQL schema.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropSchemaStatement } from '../src/sql/migrate.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { loadSeedFile } from '../src/memory/seed-file.js';
import { startSlackApiServer } from '../test/support/api-server.js';
import { botProcess, deliver, freePort, messageEvent, type BotProcess } from './bot-process.js';
import { seededRandom } from '../src/seeded-random.js';
import { startPgWireCounter, type PgWireCounter } from './pg-wire-count.js';
import { benchBotEnv, SUPPORT_CHANNEL as SUPPORT, writeSyntheticWorkspace } from './synthetic-workspace.js';
import { quantile } from './quantile.js';

export interface LoadOptions {
  store: 'sqlite' | 'postgres';
  instances: 1 | 2;
  tickets: number;
  /** Tickets in flight at once (post sent, ✅ not yet seen). */
  concurrency: number;
  /** Tickets sent first and left out of the numbers (JIT, connection pools, SQLite page cache). */
  warmup?: number;
  customers?: number;
  seed?: number;
  /** Base of DATABASE_URL for the postgres store; a fresh schema is made inside it and dropped after. */
  databaseUrl?: string;
  /** Extra environment for the bot processes, e.g. NODE_OPTIONS="--import ./a-profiler-hook.mjs" (NODE_OPTIONS refuses --cpu-prof). */
  botEnv?: NodeJS.ProcessEnv;
  /** Also puts the counting proxy (pg-wire-count.ts) between the bots and PostgreSQL, to check the
   * bots' own count against the wire's (`wire_round_trips_per_ticket`); it costs CPU on the bots' cores. */
  wireProxy?: boolean;
  log?: (line: string) => void;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadResult {
  tickets_per_s: number;
  ack_ms: Latency;
  e2e_ms: Latency;
  /** Peak resident memory of the largest bot process. */
  rss_mb: number;
  store: 'sqlite' | 'postgres';
  instances: number;
  tickets: number;
  concurrency: number;
  /** Posts not answered 200 (each retried, as Slack would). */
  non_200: number;
  /** Web API calls the bots made per ticket (reactions, replies, escalation posts, permalinks). */
  slack_calls_per_ticket: number;
  /** CPU (user + system) per measured ticket: the bot processes (from /proc, Linux only)… */
  bot_cpu_ms_per_ticket?: number;
  /** …the round-trip counting proxy between the bots and PostgreSQL, when `wireProxy` put one there (pg-wire-count.ts; bench only, a deployment has none)… */
  wire_counter_cpu_ms_per_ticket?: number;
  /** …this process (the Slack Web API server and the senders)… */
  bench_cpu_ms_per_ticket: number;
  /** …and the PostgreSQL server (postgres store, Linux only): the backends of the bots' connections,
   * not the server's background processes nor other databases' work on a shared machine. */
  postgres_cpu_ms_per_ticket?: number;
  /** Statements the bots sent PostgreSQL per measured ticket, each a wait for the server, counted in
   * the bots' pg client (pg-round-trip-hook.mjs)… */
  round_trips_per_ticket?: number;
  /** …and on the wire by the proxy, when `wireProxy` put one there: the same count, seen from outside. */
  wire_round_trips_per_ticket?: number;
  seconds: number;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'load-signing-secret';
/** A turn ends with ✅ when everything went out, ⚠️ when a step failed; either ends the wait. */
const DONE_REACTION = 'white_check_mark';
const FAILED_REACTION = 'warning';

function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => quantile(s, q) ?? 0;
  const r = (x: number) => Number(x.toFixed(1));
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)) };
}

/** CPU time (ms) used so far by processes that match, from /proc (USER_HZ is 100 on Linux); NaN without /proc. */
function cpuMs(match: (x: { pid: number; ppid: number; comm: string }) => boolean): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (match({ pid: Number(pid), ppid: Number(fields[1]), comm })) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}
/** The bot processes: this process's children, except `except` (the round-trip counter's process). */
export const botCpuMs = (except?: number) => cpuMs((p) => p.ppid === process.pid && p.pid !== except);
const processCpuMs = (pid: number) => cpuMs((p) => p.pid === pid);

const ROUND_TRIP_HOOK = new URL('./pg-round-trip-hook.mjs', import.meta.url).href;

/** Round trips the bots' pg clients sent so far (pg-round-trip-hook.mjs): each bot writes its count to its file on SIGUSR2. */
async function botRoundTrips(bots: BotProcess[], files: string[]): Promise<number> {
  const read = (file: string) => readFileSync(file, 'utf8').trim().split(' ').map(Number) as [number, number];
  const asked = files.map((f) => read(f)[0]);
  for (const b of bots) b.signal('SIGUSR2');
  let total = 0;
  for (const [i, file] of files.entries()) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [seen, statements] = read(file);
      if (seen > asked[i]!) {
        total += statements;
        break;
      }
      if (Date.now() > deadline) throw new Error(`bot ${i} did not report its PostgreSQL round trips`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return total;
}

/**
 * CPU of the PostgreSQL backends serving connections named `applicationName`, per backend, sampled
 * every 250 ms: a pool closes an idle connection (and its backend exits) at any time, so the last
 * sample of each is kept. Other work on a shared server is not counted.
 */
function backendCpu(admin: pg.Client, applicationName: string) {
  const seen = new Map<number, number>();
  const sample = async () => {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    for (const { pid } of rows) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seen.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // gone since the query, or no /proc
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    async start(): Promise<Map<number, number>> {
      await sample();
      timer = setInterval(() => void sample().catch(() => {}), 250);
      return new Map(seen);
    },
    /** Milliseconds used since `before` (a backend that started since counts from zero). */
    async since(before: Map<number, number>): Promise<number> {
      clearInterval(timer);
      await sample();
      if (!seen.size) return Number.NaN;
      let total = 0;
      for (const [pid, ms] of seen) total += ms - (before.get(pid) ?? 0);
      return total;
    },
    stop: () => clearInterval(timer),
  };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const random = seededRandom(o.seed ?? 20_261_125);
  const warmup = o.warmup ?? Math.min(100, Math.ceil(o.tickets / 10));
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-load-'));
  const workspace = writeSyntheticWorkspace(dir, o.customers ?? 400);
  const api = await startSlackApiServer({ teamId: 'T0MEMDESK' });
  const schema = `memdesk_load_${process.pid}_${Date.now().toString(36)}`;
  const baseUrl = o.databaseUrl ?? DEFAULT_DATABASE_URL;
  const admin = o.store === 'postgres' ? new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 }) : undefined;
  const bots: BotProcess[] = [];
  let wire: PgWireCounter | undefined;
  const dbCpu = admin && backendCpu(admin, schema);
  try {
    const env: NodeJS.ProcessEnv = {
      // What a deployment runs: a few info lines per ticket to stderr.
      ...benchBotEnv({ dir, namespace: 'load', workspace, apiUrl: api.apiUrl, secret: SECRET, logLevel: 'info' }),
      DECIDER: 'policy',
      MEMORY: 'local',
      ...o.botEnv,
    };
    if (admin) {
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      // Names the bots' backends, whose CPU is this run's PostgreSQL CPU (backendCpu).
      url.searchParams.set('application_name', schema);
      if (o.wireProxy) {
        // The bots reach PostgreSQL through the counting proxy, which sees every round trip on the wire.
        wire = await startPgWireCounter({ host: url.hostname, port: Number(url.port || 5432) }, process.env.PG_WIRE_STATEMENTS);
        url.hostname = '127.0.0.1';
        url.port = String(wire.port);
      }
      env.DATABASE_URL = url.toString();
    }

    // Seed memory (and, on PostgreSQL, apply migrations once) in this process, as `memdesk seed` does.
    const seeding = await compose(loadConfig(env), { logger: createLogger('error') });
    await seeding.seed(loadSeedFile(workspace.seedFile), { actor: 'bench' });
    await seeding.close();

    // Each bot counts its own round trips to PostgreSQL (pg-round-trip-hook.mjs), in a file of its own.
    const roundTripFiles = admin ? Array.from({ length: o.instances }, (_, i) => join(dir, `pg-round-trips-${i}`)) : [];
    for (let i = 0; i < o.instances; i++) {
      const counted = roundTripFiles[i] ? { NODE_OPTIONS: `--import ${ROUND_TRIP_HOOK} ${env.NODE_OPTIONS ?? ''}`.trim(), PG_ROUND_TRIPS_FILE: roundTripFiles[i] } : {};
      bots.push(botProcess({ ...env, ...counted }, await freePort()));
    }
    await Promise.all(bots.map((b) => b.start()));

    // ✅ reactions as the Web API server records them (its `at` is Date.now() when the call came in).
    const doneAt = new Map<string, number>();
    const failed = new Set<string>();
    const waiting = new Map<string, () => void>();
    let cursor = 0;
    const scan = () => {
      const calls = api.calls;
      for (; cursor < calls.length; cursor++) {
        const c = calls[cursor]!;
        if (c.method !== 'reactions.add' || c.result !== 'ok' || (c.args.name !== DONE_REACTION && c.args.name !== FAILED_REACTION)) continue;
        const ts = String(c.args.timestamp);
        if (doneAt.has(ts)) continue;
        if (c.args.name === FAILED_REACTION) failed.add(ts);
        doneAt.set(ts, c.at);
        waiting.get(ts)?.();
        waiting.delete(ts);
      }
    };
    // Read as each call is recorded (a timer polling every 2 ms cost this process ~500 wake-ups a second
    // on the machine the bots share); the ✅'s time is the server's own record of the call either way.
    const stopScanning = api.onCall(scan);

    let non200 = 0;
    let nextBot = 0;
    const oneTicket = async (i: number, sample: { ack: number[]; e2e: number[] } | undefined) => {
      const customer = workspace.customers[Math.floor(random() * workspace.customers.length)]!;
      const ts = `1800000000.${String(i).padStart(6, '0')}`;
      const body = messageEvent({ eventId: `EvLoad${i}`, channel: SUPPORT, user: customer.slackUserId, text: workspace.message(random), ts });
      const done = new Promise<void>((resolve) => waiting.set(ts, resolve));
      const sentAt = Date.now();
      const t = performance.now();
      let status = await deliver(bots[nextBot++ % bots.length]!.url, SECRET, { body });
      const ackMs = performance.now() - t;
      // Slack redelivers what was not acknowledged; count it, retry it, keep the first attempt's clock.
      for (let retry = 1; status !== 200 && retry <= 3; retry++) {
        non200++;
        status = await deliver(bots[nextBot++ % bots.length]!.url, SECRET, { body, retryNum: retry });
      }
      if (status !== 200) throw new Error(`ticket ${i} was not accepted (HTTP ${status})`);
      await done;
      if (sample) {
        sample.ack.push(ackMs);
        sample.e2e.push(doneAt.get(ts)! - sentAt);
      }
    };
    const runPhase = async (from: number, count: number, sample?: { ack: number[]; e2e: number[] }) => {
      let next = from;
      const end = from + count;
      const lane = async () => {
        while (next < end) await oneTicket(next++, sample);
      };
      await Promise.all(Array.from({ length: Math.min(o.concurrency, count) }, lane));
    };

    const deadline = setTimeout(() => {
      for (const resolve of waiting.values()) resolve();
    }, 120_000);
    try {
      if (warmup) await runPhase(0, warmup);
      log(`  ${o.store}×${o.instances}: warmed up with ${warmup} tickets; measuring ${o.tickets}`);
      const sample = { ack: [] as number[], e2e: [] as number[] };
      const callsBefore = api.calls.length;
      const botCpuBefore = botCpuMs(wire?.pid);
      const wireCpuBefore = wire ? processCpuMs(wire.pid) : Number.NaN;
      const dbCpuBefore = await dbCpu?.start();
      const wireBefore = await wire?.count();
      const roundTripsBefore = roundTripFiles.length ? await botRoundTrips(bots, roundTripFiles) : undefined;
      const benchCpuBefore = process.cpuUsage();
      const firstSend = Date.now();
      await runPhase(warmup, o.tickets, sample);
      scan();
      const measured = [...Array(o.tickets).keys()].map((k) => doneAt.get(`1800000000.${String(warmup + k).padStart(6, '0')}`));
      const missing = measured.filter((d) => d === undefined).length;
      if (missing) throw new Error(`${missing} of ${o.tickets} tickets got no ✅ within 120 s`);
      // A turn that ended in ⚠️ (a failed Slack post, a failed turn) is not a ticket handled.
      if (failed.size) throw new Error(`${failed.size} tickets ended with ⚠️ instead of ✅`);
      const lastDone = Math.max(...(measured as number[]));
      const seconds = (lastDone - firstSend) / 1000;
      const botCpu = botCpuMs(wire?.pid) - botCpuBefore;
      const wireCpu = wire ? processCpuMs(wire.pid) - wireCpuBefore : Number.NaN;
      const dbCpuMs = dbCpu && dbCpuBefore ? await dbCpu.since(dbCpuBefore) : Number.NaN;
      const roundTrips = roundTripsBefore !== undefined ? (await botRoundTrips(bots, roundTripFiles)) - roundTripsBefore : undefined;
      const wireRoundTrips = wire && wireBefore !== undefined ? (await wire.count()) - wireBefore : undefined;
      const benchCpu = process.cpuUsage(benchCpuBefore);
      const slackCalls = api.calls.length - callsBefore;
      stopScanning();
      await Promise.all(bots.map((b) => b.stop()));
      return {
        tickets_per_s: Math.round(o.tickets / seconds),
        ack_ms: latency(sample.ack),
        e2e_ms: latency(sample.e2e),
        rss_mb: Math.max(...bots.map((b) => b.peakRssMb())),
        store: o.store,
        instances: o.instances,
        tickets: o.tickets,
        concurrency: o.concurrency,
        non_200: non200,
        slack_calls_per_ticket: Number((slackCalls / o.tickets).toFixed(2)),
        ...(Number.isNaN(botCpu) ? {} : { bot_cpu_ms_per_ticket: Number((botCpu / o.tickets).toFixed(2)) }),
        ...(Number.isNaN(wireCpu) ? {} : { wire_counter_cpu_ms_per_ticket: Number((wireCpu / o.tickets).toFixed(2)) }),
        bench_cpu_ms_per_ticket: Number(((benchCpu.user + benchCpu.system) / 1000 / o.tickets).toFixed(2)),
        ...(o.store === 'postgres' && !Number.isNaN(dbCpuMs) ? { postgres_cpu_ms_per_ticket: Number((dbCpuMs / o.tickets).toFixed(2)) } : {}),
        ...(roundTrips !== undefined ? { round_trips_per_ticket: Number((roundTrips / o.tickets).toFixed(2)) } : {}),
        ...(wireRoundTrips !== undefined ? { wire_round_trips_per_ticket: Number((wireRoundTrips / o.tickets).toFixed(2)) } : {}),
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      };
    } finally {
      clearTimeout(deadline);
      dbCpu?.stop();
      stopScanning();
    }
  } finally {
    await Promise.all(bots.map((b) => b.stop().catch(() => {})));
    await api.close();
    if (admin) {
      await admin.query(dropSchemaStatement(schema)).catch(() => {});
      await admin.end();
    }
    await wire?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/load.ts [sqlite|postgres] [instances] [tickets] [concurrency]`: one configuration, as JSON.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [store = 'sqlite', instances = '1', tickets = '1000', concurrency = '32'] = process.argv.slice(2);
  const result = await runLoad({
    store: store as 'sqlite' | 'postgres',
    instances: Number(instances) as 1 | 2,
    tickets: Number(tickets),
    concurrency: Number(concurrency),
    log: (l) => process.stderr.write(`${l}\n`),
    // e.g. BOT_NODE_OPTIONS="--import ./profile-hook.mjs" to profile the bots (NODE_OPTIONS refuses --cpu-prof).
    ...(process.env.BOT_NODE_OPTIONS ? { botEnv: { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } } : {}),
    // PG_WIRE_PROXY=1 also counts round trips on the wire; PG_WIRE_STATEMENTS=file lists their SQL there (through the proxy).
    ...(process.env.PG_WIRE_PROXY === '1' || process.env.PG_WIRE_STATEMENTS ? { wireProxy: true } : {}),
    ...(process.env.MEMDESK_BENCH_DATABASE_URL ? { databaseUrl: process.env.MEMDESK_BENCH_DATABASE_URL } : {}),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
