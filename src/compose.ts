// The composition root: the one place adapters are chosen from config and wired to the loop.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Decider, Memdesk, MemoryStore, SeedMemory, TicketStore } from './agent/ports.js';
import { handleTicket } from './agent/loop.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { createPolicyEngine } from './decide/policy-engine.js';
import { loadDirectory } from './directory/directory-file.js';
import { newId } from './ids.js';
import { createLogger, type Logger } from './log.js';
import { createLocalMemoryStore } from './memory/local.js';
import { loadSeedFile } from './memory/seed-file.js';
import { loadPolicy } from './policy/policy.js';
import { createSqliteTicketStore } from './records/sqlite.js';
import { createServerTools } from './tools/server-tools.js';
import { createWritebackOutbox } from './memory/writeback-outbox.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const demoSeedPath = join(projectRoot, 'config', 'demo-seed.yml');

export interface ComposeOptions {
  logger?: Logger;
  /** Replaces the decider chosen from config (tests, eval). */
  decider?: Decider;
}

export async function compose(config: Config, opts: ComposeOptions = {}): Promise<Memdesk> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const clock = systemClock(config.MEMDESK_NOW);
  const policy = loadPolicy(config.POLICY_DIR);
  const directory = loadDirectory(config.DIRECTORY_FILE);
  // Several instances share one PostgreSQL (DATABASE_URL) for records and, unless hosted Mem0 is
  // used, for memory; SQLite under MEMDESK_DATA_DIR is the zero-setup default. pg loads only then.
  const memory: MemoryStore =
    config.memory === 'mem0-platform'
      ? await mem0Platform(config, logger)
      : config.DATABASE_URL
        ? await (await import('./memory/postgres.js')).createPostgresMemoryStore({ url: config.DATABASE_URL, namespace: config.MEMDESK_NAMESPACE, clock })
        : createLocalMemoryStore({ dataDir: config.MEMDESK_DATA_DIR, namespace: config.MEMDESK_NAMESPACE, clock });
  const tickets: TicketStore = config.DATABASE_URL
    ? await (await import('./records/postgres.js')).createPostgresTicketStore({ url: config.DATABASE_URL, clock })
    : createSqliteTicketStore({ dataDir: config.MEMDESK_DATA_DIR, clock });
  const policyEngine = createPolicyEngine(policy);
  const decider =
    opts.decider ??
    (config.decider === 'gemini'
      ? await gemini(config, policyEngine, logger)
      : config.decider === 'openai'
        ? await openai(config, policyEngine, logger)
        : policyEngine);
  const outbox = createWritebackOutbox({ tickets, memory, clock, logger });
  const tools = createServerTools({ tickets, outbox, clock, namespace: config.MEMDESK_NAMESPACE });
  // Write-backs left pending by an outage or a killed process are replayed before new work.
  const drained = await outbox.drain();
  if (drained.written || drained.pending) logger.info(drained, 'memory write-back outbox replayed');
  const deps = { directory, memory, tickets, tools, decider, safetyNet: policyEngine, policy, clock, logger };

  // Staff act with their Slack id; memory reads better with their name.
  const staffName = (actor: string) => directory.staff().find((s) => s.slack_user_id === actor)?.name ?? actor;

  async function seed(memories: SeedMemory[], by: { traceId?: string; actor?: string }) {
    const traceId = by.traceId ?? newId('trace', clock.now());
    let written = 0;
    for (const m of memories) {
      await memory.add({ kind: m.scope, id: m.id }, m.text, {
        infer: false,
        metadata: { ...(m.metadata ?? {}), app: 'memdesk', namespace: config.MEMDESK_NAMESPACE, scope: m.scope, source: 'seed' },
      });
      written++;
    }
    await tickets.log({ trace_id: traceId, ticket_id: null, kind: 'memory_seeded', detail: { count: written, actor: by.actor ?? 'cli' } });
    return { written };
  }

  return {
    handleTicket: (request) => handleTicket(deps, request),
    seed,
    demoSeed: () => loadSeedFile(demoSeedPath),
    async updateTicketStatus(ticketId, status, by) {
      const ticket = await tickets.getTicket(ticketId);
      if (!ticket) throw new Error(`ticket ${ticketId} does not exist`);
      const updated = await tickets.updateTicket(ticketId, { status });
      const traceId = newId('trace', clock.now());
      await tickets.log({ trace_id: traceId, ticket_id: ticketId, kind: `ticket_${status === 'resolved' ? 'resolved' : 'taken'}`, detail: { actor: by.actor, note: by.note ?? null } });
      if (status === 'resolved') {
        const day = clock.now().toISOString().slice(0, 10);
        await outbox.write({
          scope: { kind: 'customer', id: ticket.customer_id },
          text: `On ${day} the ${ticket.issue_type ?? 'support'} ticket ${ticketId} was resolved by ${staffName(by.actor)}${by.note ? `: ${by.note}` : '.'}`,
          infer: true,
          ticketId,
          traceId,
          metadata: { app: 'memdesk', scope: 'customer', issue_type: ticket.issue_type, status: 'resolved', ticket_id: ticketId, trace_id: traceId, date: day },
        });
      }
      return updated;
    },
    findTicketByThread: (channel, ts) => tickets.ticketByThread(channel, ts),
    drainWritebacks: () => outbox.drain(),
    memory,
    tickets,
    directory,
    clock,
    decider: decider.name,
    deciderModel: decider.model ?? null,
    async close() {
      await memory.close?.();
      await tickets.close();
    },
  };
}

// SDK adapters load only when chosen, so the embedded defaults start fast and import nothing remote.
async function gemini(config: Config, policyEngine: Decider, logger: Logger): Promise<Decider> {
  const { createGeminiDecider } = await import('./decide/gemini.js');
  const { withFallback } = await import('./decide/fallback.js');
  const primary = createGeminiDecider({
    apiKey: config.GEMINI_API_KEY!,
    model: config.GEMINI_MODEL,
    logger,
    ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
  });
  return { ...withFallback(primary, policyEngine, logger), model: config.GEMINI_MODEL };
}

async function openai(config: Config, policyEngine: Decider, logger: Logger): Promise<Decider> {
  const { createOpenAIDecider } = await import('./decide/openai.js');
  const { withFallback } = await import('./decide/fallback.js');
  const primary = createOpenAIDecider({
    model: config.OPENAI_MODEL!,
    logger,
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
  });
  return { ...withFallback(primary, policyEngine, logger), model: primary.model };
}

async function mem0Platform(config: Config, logger: Logger): Promise<MemoryStore> {
  // mem0ai reads MEM0_TELEMETRY once, at import, and reports usage to a third party unless it is
  // "false"; memdesk keeps it off unless the operator turned it on.
  process.env.MEM0_TELEMETRY = config.MEM0_TELEMETRY ? 'true' : 'false';
  const { createMem0PlatformStore } = await import('./memory/mem0-platform.js');
  return createMem0PlatformStore({
    apiKey: config.MEM0_API_KEY!,
    namespace: config.MEMDESK_NAMESPACE,
    logger,
    // Stay inside the loop's memory budget so a stuck call is not left running behind it.
    timeoutMs: 1400,
    ...(config.MEM0_HOST ? { host: config.MEM0_HOST } : {}),
  });
}
