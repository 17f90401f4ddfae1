// `npm run bench -- --realistic`: the Slack path when the model is slow. One bot process (SQLite,
// the zero-setup store) against the local Slack Web API, the Gemini simulator (call latency
// log-normal with p50 1.5 s / p99 6 s, 2% of calls answered 429) and the local Mem0 server (search
// and list log-normal p50 150 ms / p99 600 ms; adds and event polls 50 ms). Arrivals are open-loop,
// as Slack sends them: a burst of 3,000 tickets from 500 customers over 30 s, then a steady 50
// tickets/s for 60 s. `--scale F` shortens both phases (same rates) for a loaded machine.
// Everything is observed from outside the bot: acks on the HTTP posts (timed on a thread of their own), the 👀 that starts a turn and
// the ✅ that ends it on the local Web API, calls at the model simulator, and each ticket's priority
// read from the records after the bot stopped.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { loadSeedFile } from '../src/memory/seed-file.js';
import { startGeminiSimulator } from '../test/support/gemini-simulator.js';
import { startMem0Server } from '../test/support/mem0-server.js';
import { startSlackApiServer } from '../test/support/slack-api-server.js';
import { botProcess, freePort, messageEvent } from './bot-process.js';
import { sendInWorker } from './realistic-senders.js';
import { botCpuMs } from './load.js';
import { seededRandom } from '../src/seeded-random.js';
import { benchBotEnv, SUPPORT_CHANNEL as SUPPORT, writeSyntheticWorkspace } from './synthetic-workspace.js';

export interface RealisticOptions {
  /** 1 = the issue's run (30 s burst of 3,000, 60 s at 50/s); 0.2 = a fifth as long at the same rates. */
  scale: number;
  customers?: number;
  seed?: number;
  /** Extra bot environment (e.g. WORKER_CONCURRENCY) over the run's own. */
  botEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

interface Quantiles {
  p50: number;
  p99: number;
}

export interface RealisticResult {
  /** Tickets answered per second, first send to last ✅. */
  tickets_per_s: number;
  /** Tickets answered per second during the steady phase (the rate the bot sustains once the burst is queued). */
  steady_answered_per_s: number;
  /** Tickets sent but not yet answered when the steady phase ended. */
  backlog_at_end: number;
  ack_ms: Quantiles & { p95: number };
  e2e_ms: Quantiles;
  e2e_ms_by_priority: Record<string, Quantiles & { tickets: number }>;
  /** From the send to the turn's 👀: how long a ticket waited in the inbox before a worker took it. */
  queue_wait_ms: Quantiles;
  /**
   * Where an urgent ticket's time went, by stage: the inbox wait (send → 👀), the turn's own timings
   * from its record (memory recall, the proposal's model call(s), the tools, the conclusion's model
   * call(s); a model call's time includes any wait for a model slot) and the Slack side around the
   * turn (👀 → ✅ less the turn). p50/p99 per stage, and each stage's mean over the slowest 5% of
   * urgent tickets (what their end to end is made of).
   */
  urgent_split_ms: Record<string, Quantiles & { slowest_mean: number }>;
  /** Calls the model simulator answered per ticket (429s counted apart). */
  model_calls_per_ticket: number;
  model_429s_per_ticket: number;
  /** Tickets the policy engine decided because no model slot opened within DECIDE_WAIT_MS, or after a failed call. */
  fallback_tickets: number;
  mem0_calls_per_ticket: number;
  mem0_calls_per_ticket_by_path: Record<string, number>;
  mem0_peak_in_flight: number;
  rss_mb: number;
  /** How late the bot's event loop ran ready callbacks from the first send to its exit (bench/event-loop-delay-hook.mjs), and each second's worst. */
  event_loop_delay_ms: { p50: number; p99: number; max: number; max_per_second: number[] } | null;
  /** CPU per ticket: the bot process, and this one (the Slack Web API, Gemini and Mem0 stand-ins, the senders). */
  bot_cpu_ms_per_ticket: number;
  bench_cpu_ms_per_ticket: number;
  /** Deliveries not acknowledged with 200 at the first try (Slack would redeliver them). */
  non_200: number;
  /** Most turns between their 👀 and their ✅ at once. */
  peak_in_flight: number;
  tickets: number;
  lost: number;
  scale: number;
  bot_env: Record<string, string>;
  seconds: number;
}

const SECRET = 'realistic-signing-secret';
const BURST = { tickets: 3000, seconds: 30 };
const STEADY = { perSecond: 50, seconds: 60 };
/** How long after the last send the run waits for the last ✅. */
const DRAIN_MS = 120_000;

/** A log-normal sampler with the given median and 99th percentile (z at p99 = 2.326). */
export function logNormal(random: () => number, p50: number, p99: number): () => number {
  const sigma = Math.log(p99 / p50) / 2.326;
  return () => {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return p50 * Math.exp(sigma * z);
  };
}

function quantiles(samples: number[]): Quantiles & { p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export async function runRealistic(o: RealisticOptions): Promise<RealisticResult> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const seed = o.seed ?? 20_261_130;
  const random = seededRandom(seed);
  const modelLatency = logNormal(seededRandom(seed + 1), 1500, 6000);
  const mem0ReadLatency = logNormal(seededRandom(seed + 2), 150, 600);
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-realistic-'));
  const workspace = writeSyntheticWorkspace(dir, o.customers ?? 500);
  const api = await startSlackApiServer({ teamId: 'T0MEMDESK' });
  const gemini = await startGeminiSimulator({ rateLimitRate: 0.02, latencyMs: () => modelLatency(), random: seededRandom(seed + 3) });
  let mem0Slow = false;
  const mem0 = await startMem0Server({
    latencyMs: (path) => {
      if (!mem0Slow) return 0;
      return path === '/v3/memories/search/' || path === '/v3/memories/' ? mem0ReadLatency() : 50;
    },
  });
  // The bot runs with memdesk's defaults unless told otherwise. Little's law asks for ~250 turns and
  // ~180 model calls in flight at 50 tickets/s: with 64 of each (the old defaults) the quiet machine
  // answered 15 tickets/s with the CPU mostly idle; with 256 56/s in the steady phase, with 512 (the defaults
  // now) 58.6/s overall and urgent e2e p99 12–13 s (src/config.ts).
  const botEnv: Record<string, string> = { ...(o.botEnv as Record<string, string> | undefined) };
  const env: NodeJS.ProcessEnv = {
    ...benchBotEnv({ dir, namespace: 'realistic', workspace, apiUrl: api.apiUrl, secret: SECRET, logLevel: 'warn' }),
    DECIDER: 'gemini',
    GEMINI_API_KEY: 'realistic',
    GEMINI_BASE_URL: gemini.baseUrl,
    MEMORY: 'mem0-platform',
    MEM0_API_KEY: mem0.apiKey,
    MEM0_HOST: mem0.url,
    MEM0_TELEMETRY: 'false',
    ...botEnv,
    // The bot's event-loop delay, measured from the first send (SIGUSR2) to its exit.
    NODE_OPTIONS: `--import ./bench/event-loop-delay-hook.mjs ${botEnv.NODE_OPTIONS ?? ''}`.trim(),
    EVENT_LOOP_DELAY_FILE: join(dir, 'event-loop-delay.json'),
  };
  const bot = botProcess(env, await freePort());
  try {
    const seeding = await compose(loadConfig(env), { logger: createLogger('error') });
    await seeding.seed(loadSeedFile(workspace.seedFile), { actor: 'bench' });
    await seeding.close();
    await bot.start();
    mem0Slow = true;
    const mem0RequestsBefore = mem0.requests.length;
    const botCpuBefore = botCpuMs();
    const benchCpuBefore = process.cpuUsage();
    const geminiBefore = { ...gemini.stats };

    const burst = Math.max(1, Math.round(BURST.tickets * o.scale));
    const burstMs = BURST.seconds * 1000 * o.scale;
    const steady = Math.round(STEADY.perSecond * STEADY.seconds * o.scale);
    const steadyMs = STEADY.seconds * 1000 * o.scale;
    const total = burst + steady;
    log(`  realistic: ${burst} tickets over ${(burstMs / 1000).toFixed(0)} s, then ${steady} over ${(steadyMs / 1000).toFixed(0)} s (scale ${o.scale})`);

    const tsOf = (i: number) => `1800000000.${String(i).padStart(6, '0')}`;
    // The bodies in send order (so the seeded customers and messages stay what they were); the
    // senders post them from a thread of their own (realistic-senders.ts).
    const bodies = Array.from({ length: total }, (_, i) => {
      const customer = workspace.customers[Math.floor(random() * workspace.customers.length)]!;
      return messageEvent({ eventId: `EvReal${i}`, channel: SUPPORT, user: customer.slackUserId, text: workspace.message(random), ts: tsOf(i) });
    });
    bot.signal('SIGUSR2');
    const { sentAt, acks, non200, t0, steadyEnd } = await sendInWorker({ url: bot.url, secret: SECRET, bodies, burst, burstMs, steadyMs });

    // Turn starts (👀) and ends (✅ or ⚠️) as the Web API server recorded them.
    const startedAt = new Map<string, number>();
    const doneAt = new Map<string, number>();
    const scan = () => {
      for (const c of api.calls) {
        if (c.method !== 'reactions.add' || c.result !== 'ok' || c.args.channel !== SUPPORT) continue;
        const ts = String(c.args.timestamp);
        if (c.args.name === 'eyes' && !startedAt.has(ts)) startedAt.set(ts, c.at);
        if ((c.args.name === 'white_check_mark' || c.args.name === 'warning') && !doneAt.has(ts)) doneAt.set(ts, c.at);
      }
    };
    const deadline = Date.now() + DRAIN_MS;
    for (;;) {
      scan();
      if (doneAt.size >= total || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const backlog = [...Array(total).keys()].filter((i) => (doneAt.get(tsOf(i)) ?? Infinity) > steadyEnd).length;
    const steadyAnswered = [...doneAt.values()].filter((d) => d > t0 + burstMs && d <= steadyEnd).length;
    const rss = bot.peakRssMb();
    const botCpu = botCpuMs() - botCpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    await bot.stop();
    const eldFile = env.EVENT_LOOP_DELAY_FILE as string;
    const eventLoopDelay = existsSync(eldFile) ? (JSON.parse(readFileSync(eldFile, 'utf8')) as RealisticResult['event_loop_delay_ms']) : null;

    // Each ticket's priority and who decided it, from the records.
    const records = await compose(loadConfig({ ...env, MEMORY: 'local', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
    const tickets = await records.tickets.list();
    const { fallbacks } = await records.report.read({ since: '2000-01-01T00:00:00Z' });
    const finalized = await records.operationLog.read({ kinds: ['ticket_finalized'] });
    await records.close();
    const priorityOf = new Map(tickets.map((t) => [t.slack_thread_ts ?? '', t.priority]));
    const threadOf = new Map(tickets.map((t) => [t.ticket_id, t.slack_thread_ts ?? '']));
    const timingsOf = new Map(finalized.map((e) => [threadOf.get(e.ticket_id ?? '') ?? '', e.detail.timings_ms ?? {}]));

    const e2e: number[] = [];
    const waits: number[] = [];
    const byPriority = new Map<string, number[]>();
    for (let i = 0; i < total; i++) {
      const ts = tsOf(i);
      const done = doneAt.get(ts);
      const begun = startedAt.get(ts);
      if (begun !== undefined) waits.push(begun - sentAt[i]!);
      if (done === undefined) continue;
      e2e.push(done - sentAt[i]!);
      const p = priorityOf.has(ts) ? String(priorityOf.get(ts) ?? 'none') : 'no_record';
      byPriority.set(p, [...(byPriority.get(p) ?? []), done - sentAt[i]!]);
    }
    // The urgent tickets' time by stage (see urgent_split_ms).
    const urgentStages: { e2e: number; stages: Record<string, number> }[] = [];
    for (let i = 0; i < total; i++) {
      const ts = tsOf(i);
      const [done, begun, t] = [doneAt.get(ts), startedAt.get(ts), timingsOf.get(ts)];
      if (priorityOf.get(ts) !== 'urgent' || done === undefined || begun === undefined || !t) continue;
      const turn = t.total_ms ?? 0;
      urgentStages.push({
        e2e: done - sentAt[i]!,
        stages: { inbox_wait: begun - sentAt[i]!, memory: t.memory_ms ?? 0, propose: t.decide_ms ?? 0, tools: t.tools_ms ?? 0, conclude: t.conclude_ms ?? 0, settle: t.settle_ms ?? 0, slack_around_turn: done - begun - turn },
      });
    }
    const slowest = [...urgentStages].sort((a, b) => b.e2e - a.e2e).slice(0, Math.max(1, Math.ceil(urgentStages.length * 0.05)));
    const urgentSplit = Object.fromEntries(
      Object.keys(urgentStages[0]?.stages ?? {}).map((k) => {
        const q = quantiles(urgentStages.map((u) => u.stages[k]!));
        return [k, { p50: q.p50, p99: q.p99, slowest_mean: Math.round(slowest.reduce((sum, u) => sum + u.stages[k]!, 0) / slowest.length) }];
      }),
    );
    // Turns in flight: +1 at each 👀, -1 at each ✅, in time order.
    const marks = [...[...startedAt.values()].map((t) => [t, 1] as const), ...[...doneAt.values()].map((t) => [t, -1] as const)].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inFlight = 0;
    let peak = 0;
    for (const [, d] of marks) peak = Math.max(peak, (inFlight += d));
    const lastDone = Math.max(...doneAt.values());
    const mem0Requests = mem0.requests.length - mem0RequestsBefore;
    const mem0ByPath: Record<string, number> = {};
    for (const r of mem0.requests.slice(mem0RequestsBefore)) {
      const key = `${r.method} ${r.path.replace(/\/v1\/event\/[^/]+\//, '/v1/event/{id}/')}`;
      mem0ByPath[key] = (mem0ByPath[key] ?? 0) + 1;
    }
    const answered = gemini.stats.calls - geminiBefore.calls - (gemini.stats.rateLimited - geminiBefore.rateLimited) - (gemini.stats.failed - geminiBefore.failed);
    return {
      tickets_per_s: Number((doneAt.size / ((lastDone - t0) / 1000)).toFixed(1)),
      steady_answered_per_s: Number((steadyAnswered / (steadyMs / 1000)).toFixed(1)),
      backlog_at_end: backlog,
      ack_ms: quantiles(acks),
      e2e_ms: quantiles(e2e),
      e2e_ms_by_priority: Object.fromEntries(
        [...byPriority.entries()].sort().map(([p, s]) => {
          const q = quantiles(s);
          return [p, { p50: q.p50, p99: q.p99, tickets: s.length }];
        }),
      ),
      queue_wait_ms: quantiles(waits),
      urgent_split_ms: urgentSplit,
      model_calls_per_ticket: Number((answered / total).toFixed(2)),
      model_429s_per_ticket: Number(((gemini.stats.rateLimited - geminiBefore.rateLimited) / total).toFixed(3)),
      fallback_tickets: fallbacks,
      mem0_calls_per_ticket: Number((mem0Requests / total).toFixed(2)),
      mem0_calls_per_ticket_by_path: Object.fromEntries(Object.entries(mem0ByPath).map(([k, n]) => [k, Number((n / total).toFixed(2))])),
      mem0_peak_in_flight: mem0.peakInFlight(),
      rss_mb: rss,
      event_loop_delay_ms: eventLoopDelay,
      bot_cpu_ms_per_ticket: Number((botCpu / total).toFixed(1)),
      bench_cpu_ms_per_ticket: Number(((benchCpu.user + benchCpu.system) / 1000 / total).toFixed(1)),
      non_200: non200,
      peak_in_flight: peak,
      tickets: total,
      lost: total - doneAt.size,
      scale: o.scale,
      bot_env: botEnv,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    };
  } finally {
    await bot.stop().catch(() => {});
    await api.close();
    await gemini.close();
    await mem0.close();
    // KEEP_BENCH_DIR=1 keeps the run's records (data/records.db) to look into afterwards.
    if (process.env.KEEP_BENCH_DIR) log(`  realistic: records kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The issue's goals for the realistic run on this 2-core machine. */
const GOALS = { ticketsPerS: 50, urgentE2eP99Ms: 10_000, ackP99Ms: 100, modelCallsPerTicket: 2, rssMb: 500 };

/** `bench -- --realistic [--scale F] [--json]`: runs it and prints a table, or `{"realistic": {...}}`. */
export async function realisticBench(argv: string[]): Promise<void> {
  const scaleArg = argv.indexOf('--scale');
  const scale = scaleArg >= 0 ? Number(argv[scaleArg + 1]) : 1;
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a fraction of the full run, more than 0 and at most 1 (e.g. 0.2)');
  const asJson = argv.includes('--json');
  const r = await runRealistic({
    scale,
    log: (line) => process.stderr.write(`${line}\n`),
    // The limits to try (e.g. WORKER_CONCURRENCY=256 HEAP_GROWING_PERCENT=0 npm run bench -- --realistic), and
    // BOT_NODE_OPTIONS="--import ./profile-hook.mjs" to profile the bot, as with bench/load.ts.
    botEnv: Object.fromEntries(
      [
        ['WORKER_CONCURRENCY', process.env.WORKER_CONCURRENCY],
        ['GEMINI_MAX_CONCURRENCY', process.env.GEMINI_MAX_CONCURRENCY],
        ['MEM0_MAX_CONCURRENCY', process.env.MEM0_MAX_CONCURRENCY],
        ['HEAP_GROWING_PERCENT', process.env.HEAP_GROWING_PERCENT],
        ['NODE_OPTIONS', process.env.BOT_NODE_OPTIONS],
      ].filter((e): e is [string, string] => e[1] !== undefined),
    ),
  });
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ realistic: r })}\n`);
    return;
  }
  const urgent = r.e2e_ms_by_priority['urgent'];
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rows: [string, string][] = [
    ['tickets', `${r.tickets} sent, ${r.lost} unanswered (scale ${r.scale})`],
    ['throughput', `${r.tickets_per_s} tickets/s overall, ${r.steady_answered_per_s}/s answered in the steady phase, ${r.backlog_at_end} still open when it ended (goal ≥ ${GOALS.ticketsPerS}: ${met(r.steady_answered_per_s >= GOALS.ticketsPerS && r.backlog_at_end <= GOALS.ticketsPerS * 10)})`],
    ['ack', `p50 ${r.ack_ms.p50} p95 ${r.ack_ms.p95} p99 ${r.ack_ms.p99} ms (goal p99 ≤ ${GOALS.ackP99Ms}: ${met(r.ack_ms.p99 <= GOALS.ackP99Ms)})`],
    ['end to end, all', `p50 ${r.e2e_ms.p50} p99 ${r.e2e_ms.p99} ms`],
    ...Object.entries(r.e2e_ms_by_priority).map(([p, q]): [string, string] => [`  ${p}`, `p50 ${q.p50} p99 ${q.p99} ms (${q.tickets} tickets)`]),
    ['urgent goal', `e2e p99 ≤ ${GOALS.urgentE2eP99Ms} ms: ${urgent ? met(urgent.p99 <= GOALS.urgentE2eP99Ms) : 'no urgent tickets'}`],
    ['inbox queue wait (send → 👀)', `p50 ${r.queue_wait_ms.p50} p99 ${r.queue_wait_ms.p99} ms`],
    ['urgent, by stage', Object.entries(r.urgent_split_ms).map(([k, q]) => `${k} p50 ${q.p50} p99 ${q.p99}`).join(', ') + ' ms'],
    ['  slowest 5% urgent', Object.entries(r.urgent_split_ms).map(([k, q]) => `${k} ${q.slowest_mean}`).join(', ') + ' ms (mean)'],
    ['model calls per ticket', `${r.model_calls_per_ticket} answered + ${r.model_429s_per_ticket} 429s (goal ≤ ${GOALS.modelCallsPerTicket}: ${met(r.model_calls_per_ticket <= GOALS.modelCallsPerTicket)}); ${r.fallback_tickets} turns decided by the policy engine as fallback`],
    ['Mem0', `${r.mem0_calls_per_ticket} calls per ticket (${Object.entries(r.mem0_calls_per_ticket_by_path).map(([k, n]) => `${k} ${n}`).join(', ')}), peak ${r.mem0_peak_in_flight} in flight`],
    ['peak turns in flight', String(r.peak_in_flight)],
    ['bot event-loop delay', r.event_loop_delay_ms ? `p50 ${r.event_loop_delay_ms.p50} p99 ${r.event_loop_delay_ms.p99} max ${r.event_loop_delay_ms.max} ms; worst per second ${r.event_loop_delay_ms.max_per_second.join(' ')}` : 'not measured'],
    ['CPU per ticket', `bot ${r.bot_cpu_ms_per_ticket} ms, stand-ins and senders ${r.bench_cpu_ms_per_ticket} ms; ${r.non_200} deliveries not acknowledged with 200 at first`],
    ['peak RSS', `${r.rss_mb} MB (goal ≤ ${GOALS.rssMb}: ${met(r.rss_mb <= GOALS.rssMb)})`],
    ['bot settings', Object.entries(r.bot_env).map(([k, v]) => `${k}=${v}`).join(' ') || 'memdesk defaults (WORKER_CONCURRENCY=512, GEMINI_MAX_CONCURRENCY=512, MEM0_MAX_CONCURRENCY=512, HEAP_GROWING_PERCENT=40)'],
    ['run time', `${r.seconds} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`memdesk realistic bench: Gemini simulator p50 1.5 s / p99 6 s with 2% 429s, Mem0 search p50 150 ms / p99 600 ms\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
