// The chaos run: tickets from many customers, a share delivered two or three times, the bot process
// killed with SIGKILL at random moments and restarted, Gemini failing and Mem0 timing out on a share
// of calls. Then it counts what a support team would notice: lost tickets, double replies, double
// tickets, double CSM notices, lost memory write-backs; then, a month later by the bots' clock, lost
// or doubled SLA alerts with a bot killed while it posts them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { dropSchemaStatement } from '../src/sql/migrate.js';
import { startGeminiSimulator } from '../test/support/gemini-simulator.js';
import { startMem0Server } from '../test/support/mem0-server.js';
import { logNormal } from './realistic.js';
import { startSlackApiServer, type RecordedCall } from '../test/support/api-server.js';
import { botProcess, deliver, freePort, messageEvent, type SlackDelivery } from './bot-process.js';
import { seededRandom } from '../src/seeded-random.js';
import { benchBotEnv, ESCALATION_CHANNEL as ESCALATIONS, SUPPORT_CHANNEL as SUPPORT, writeSyntheticWorkspace } from './synthetic-workspace.js';
import { dueAlerts, ticketClocksSchema } from '../src/core/sla-clocks.js';

/** The second phase runs a month after the tickets came in: every clock still running is past due. */
const SLA_PHASE_NOW = '2026-12-25T10:00:00Z';

export interface ChaosOptions {
  tickets: number;
  customers: number;
  kills: number;
  duplicateShare: number;
  geminiFailureRate: number;
  mem0TimeoutRate: number;
  seed: number;
  /** PostgreSQL (DATABASE_URL) instead of SQLite for records, with this many bot instances sharing it. */
  store?: 'sqlite' | 'postgres';
  instances?: number;
  /** The realistic bench's latencies: model calls p50 1.5 s / p99 6 s, Mem0 searches and lists p50 150 ms / p99 600 ms. */
  slow?: boolean;
  log?: (line: string) => void;
}

export interface ChaosResult {
  tickets: number;
  lost: number;
  duplicate_replies: number;
  duplicate_tickets: number;
  duplicate_csm_notices: number;
  lost_writebacks: number;
  deliveries: number;
  kills: number;
  tickets_without_exactly_one_reply: number;
  /** SLA alerts due after the clock moved a month on, posted while a bot was killed mid-posting. */
  sla_alerts: number;
  lost_sla_alerts: number;
  duplicate_sla_alerts: number;
  /** How many SLA alerts had reached Slack when the bot was killed (the rest were still to go). */
  sla_alerts_posted_at_kill: number;
  writebacks: number;
  gemini_calls: number;
  gemini_failed: number;
  seconds: number;
}

const SECRET = 'chaos-signing-secret';

function effectKey(call: RecordedCall): string | undefined {
  const raw = call.args.metadata;
  const meta = typeof raw === 'string' ? (JSON.parse(raw) as { event_payload?: { effect_key?: string } }) : (raw as { event_payload?: { effect_key?: string } } | undefined);
  return meta?.event_payload?.effect_key;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const random = seededRandom(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-chaos-'));
  const workspace = writeSyntheticWorkspace(dir, o.customers);
  const api = await startSlackApiServer({ teamId: 'T0MEMDESK' });
  const modelLatency = logNormal(seededRandom(o.seed + 3), 1500, 6000);
  const mem0ReadLatency = logNormal(seededRandom(o.seed + 4), 150, 600);
  const gemini = await startGeminiSimulator({ failureRate: o.geminiFailureRate, random: seededRandom(o.seed + 1), ...(o.slow ? { latencyMs: () => modelLatency() } : {}) });
  // Slow from when the seed is in, as the faults below.
  let mem0Slow = false;
  const mem0 = await startMem0Server(o.slow ? { latencyMs: (path) => (mem0Slow && (path === '/v3/memories/search/' || path === '/v3/memories/') ? mem0ReadLatency() : 0) } : {});
  const store = o.store ?? 'sqlite';
  const schema = `memdesk_chaos_${o.seed}_${Date.now().toString(36)}`;
  const pgUrl = process.env.MEMDESK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = store === 'postgres' ? new pg.Client({ connectionString: pgUrl }) : undefined;
  if (admin) {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  }
  const env: NodeJS.ProcessEnv = {
    ...benchBotEnv({ dir, namespace: 'chaos', workspace, apiUrl: api.apiUrl, secret: SECRET, logLevel: 'error' }),
    DECIDER: 'gemini',
    GEMINI_API_KEY: 'chaos',
    GEMINI_BASE_URL: gemini.baseUrl,
    MEMORY: 'mem0-platform',
    MEM0_API_KEY: mem0.apiKey,
    MEM0_HOST: mem0.url,
    MEM0_TELEMETRY: 'false',
    ...(admin ? { DATABASE_URL: `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}` } : {}),
  };
  const bots = await Promise.all(Array.from({ length: o.instances ?? 1 }, async () => botProcess(env, await freePort())));
  // Counts read straight from the records store, SQLite file or PostgreSQL schema.
  const count = async (sql: string): Promise<number> => {
    if (admin) return Number((await admin.query(sql.replace(/\bFROM (\w+)/g, `FROM ${schema}.$1`))).rows[0].n);
    const conn = new Database(join(env.MEMDESK_DATA_DIR!, 'records.db'), { readonly: true });
    try {
      return (conn.prepare(sql).get() as { n: number }).n;
    } finally {
      conn.close();
    }
  };
  const rows = async <T>(sql: string): Promise<T[]> => {
    if (admin) return (await admin.query(sql.replace(/\bFROM (\w+)/g, `FROM ${schema}.$1`))).rows as T[];
    const conn = new Database(join(env.MEMDESK_DATA_DIR!, 'records.db'), { readonly: true });
    try {
      return conn.prepare(sql).all() as T[];
    } finally {
      conn.close();
    }
  };
  try {
    await promisify(execFile)(process.execPath, ['bin/memdesk.js', 'seed', '--file', workspace.seedFile], { env });
    // Faults start once the seed is in: 10% of Mem0 calls hang past memdesk's timeout.
    mem0.failRandomly(o.mem0TimeoutRate, { delayMs: 2_500 }, seededRandom(o.seed + 2));
    mem0Slow = true;
    await Promise.all(bots.map((b) => b.start()));

    // The deliveries: each ticket once, a share of them again (Slack retries and the message/mention twin).
    const sent: { ts: string; user: string }[] = [];
    const queue: SlackDelivery[] = [];
    for (let i = 0; i < o.tickets; i++) {
      const customer = workspace.customers[Math.floor(random() * workspace.customers.length)]!;
      const ts = `1800000000.${String(i).padStart(6, '0')}`;
      const text = workspace.message(random);
      sent.push({ ts, user: customer.slackUserId });
      queue.push({ body: messageEvent({ eventId: `EvChaos${i}`, channel: SUPPORT, user: customer.slackUserId, text, ts }) });
      if (random() < o.duplicateShare) {
        const copies = random() < 0.5 ? 1 : 2;
        for (let c = 1; c <= copies; c++) {
          // A retry (same event id) or the same message under another event id.
          const eventId = random() < 0.5 ? `EvChaos${i}` : `EvChaos${i}-twin${c}`;
          const at = Math.min(queue.length, queue.length - 1 + Math.floor(random() * 20));
          queue.splice(at, 0, { body: messageEvent({ eventId, channel: SUPPORT, user: customer.slackUserId, text, ts }), retryNum: c });
        }
      }
    }
    const deliveries = queue.length;
    const killAt = new Set(Array.from({ length: o.kills }, (_, k) => Math.floor(((k + 0.2 + random() * 0.6) * deliveries) / (o.kills + 1))));
    let done = 0;
    let kills = 0;
    let slaPostedAtKill = 0;
    const pending = [...queue];
    while (pending.length) {
      const batch = pending.splice(0, 8);
      // A load balancer in front of the instances: deliveries alternate between them.
      const statuses = await Promise.all(batch.map((d, i) => deliver(bots[(done + i) % bots.length]!.url, SECRET, d)));
      // Slack redelivers what it did not get a 200 for.
      for (const [i, d] of batch.entries()) {
        if (statuses[i] === 200) done++;
        else pending.push({ ...d, retryNum: (d.retryNum ?? 0) + 1 });
      }
      if ([...killAt].some((k) => k <= done) && kills < o.kills) {
        for (const k of killAt) if (k <= done) killAt.delete(k);
        // Let some turns get under way, then pull the plug in the middle of them.
        await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
        const victim = bots[Math.floor(random() * bots.length)]!;
        await victim.kill();
        kills++;
        log(`  killed a bot (${kills}/${o.kills}) after ${done} accepted deliveries`);
        await victim.start();
      }
    }
    log(`  all ${deliveries} deliveries accepted; waiting for every turn to finish`);

    const finished = async () =>
      (await count("SELECT count(*) AS n FROM inbox WHERE status = 'pending'")) === 0 &&
      (await count("SELECT count(*) AS n FROM writeback_outbox WHERE status = 'pending'")) === 0;
    const deadline = Date.now() + 180_000;
    while (!(await finished()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await Promise.all(bots.map((b) => b.stop()));

    // SLA alerts: the bots come back a month later, when every running clock is past due; each
    // instance scans at start and posts, and one is killed in the middle of that and restarted.
    const ticketRows = await rows<{ ticket_id: string; status: string; state: unknown }>('SELECT ticket_id, status, state FROM tickets');
    const expectedAlerts = new Set<string>();
    for (const t of ticketRows) {
      const state = (typeof t.state === 'string' ? JSON.parse(t.state) : t.state) as { clocks?: unknown };
      const clocks = state.clocks ? ticketClocksSchema.parse(state.clocks) : undefined;
      if (t.status === 'resolved' || !clocks) continue;
      for (const a of dueAlerts(clocks, new Date(SLA_PHASE_NOW))) expectedAlerts.add(`sla:${t.ticket_id}:${a.clock}:${clocks[a.clock]!.started_at}:${a.level}`);
    }
    const later = bots.map((b) => botProcess({ ...env, MEMDESK_NOW: SLA_PHASE_NOW }, Number(new URL(b.url).port)));
    const victim = later[Math.floor(random() * later.length)]!;
    // Pulled the moment Slack takes the first alert, before the bot hears Slack's ok: the alert is
    // posted but not marked, and the others are claimed or queued.
    let killed: Promise<void> | undefined;
    const stopWatching = api.onCall((c) => {
      if (killed || c.method !== 'chat.postMessage' || !effectKey(c)?.startsWith('sla:')) return;
      slaPostedAtKill = api.calls.filter((p) => p.method === 'chat.postMessage' && effectKey(p)?.startsWith('sla:')).length;
      killed = victim.kill();
    });
    await Promise.all(later.map((b) => b.start()));
    const killDeadline = Date.now() + 30_000;
    while (!killed && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 5));
    stopWatching();
    await killed;
    log(`  killed a bot as SLA alert ${slaPostedAtKill} of ${expectedAlerts.size} reached Slack`);
    await victim.start();
    const slaDeadline = Date.now() + 120_000;
    while ((await count("SELECT count(*) AS n FROM inbox WHERE status = 'pending'")) > 0 && Date.now() < slaDeadline) await new Promise((r) => setTimeout(r, 250));
    await Promise.all(later.map((b) => b.stop()));

    // Count what a person would see.
    const posts = api.calls.filter((c) => c.method === 'chat.postMessage' && c.result === 'ok');
    const repliesByTs = new Map<string, number>();
    for (const p of posts.filter((p) => p.args.channel === SUPPORT)) {
      const ts = String(p.args.thread_ts);
      repliesByTs.set(ts, (repliesByTs.get(ts) ?? 0) + 1);
    }
    const lost = sent.filter((s) => !repliesByTs.get(s.ts)).length;
    const duplicateReplies = [...repliesByTs.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const notOne = sent.filter((s) => repliesByTs.get(s.ts) !== 1).length;
    const csmPosts = new Map<string, number>();
    for (const p of posts.filter((p) => p.args.channel === ESCALATIONS)) {
      const key = effectKey(p);
      if (key?.endsWith(':csm_notice')) csmPosts.set(key.split(':')[0]!, (csmPosts.get(key.split(':')[0]!) ?? 0) + 1);
    }
    const dupTickets = { n: await count('SELECT count(*) AS n FROM (SELECT slack_thread_ts FROM tickets GROUP BY slack_channel, slack_thread_ts HAVING count(*) > 1) AS d') };
    const dupNotices = { n: await count('SELECT count(*) AS n FROM (SELECT ticket_id FROM csm_notices GROUP BY ticket_id HAVING count(*) > 1) AS d') };
    const writebacks = await rows<{ outbox_id: string; status: string }>('SELECT outbox_id, status FROM writeback_outbox');
    const stored = new Set(mem0.memories.map((m) => (m.metadata as { outbox_id?: string } | undefined)?.outbox_id).filter(Boolean));
    const lostWritebacks = writebacks.filter((w) => w.status !== 'done' || !stored.has(w.outbox_id)).length;
    const duplicateCsm = [...csmPosts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0) + dupNotices.n;
    const alertPosts = new Map<string, number>();
    for (const p of posts) {
      const key = effectKey(p);
      if (key?.startsWith('sla:')) alertPosts.set(key, (alertPosts.get(key) ?? 0) + 1);
    }
    return {
      tickets: o.tickets,
      lost,
      duplicate_replies: duplicateReplies,
      duplicate_tickets: dupTickets.n,
      duplicate_csm_notices: duplicateCsm,
      lost_writebacks: lostWritebacks,
      deliveries,
      kills,
      tickets_without_exactly_one_reply: notOne,
      sla_alerts: expectedAlerts.size,
      sla_alerts_posted_at_kill: slaPostedAtKill,
      lost_sla_alerts: [...expectedAlerts].filter((k) => !alertPosts.has(k)).length,
      duplicate_sla_alerts: [...alertPosts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0) + [...alertPosts.keys()].filter((k) => !expectedAlerts.has(k)).length,
      writebacks: writebacks.length,
      gemini_calls: gemini.stats.calls,
      gemini_failed: gemini.stats.failed,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await Promise.all(bots.map((b) => b.stop().catch(() => {})));
    if (admin) {
      await admin.query(dropSchemaStatement(schema)).catch(() => {});
      await admin.end();
    }
    await api.close();
    await gemini.close();
    await mem0.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
