// The composition root: the one place adapters are chosen from config and wired to the loop and
// the use cases of src/core. It builds; it does not start anything.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Decider, LearnedTurn, MemoryStore } from './core/ports.js';
import type { Memdesk } from './memdesk.js';
import type { DraftWriter } from './core/knowledge.js';
import { seedMemories } from './core/seed-memories.js';
import { updateTicketStatus } from './core/ticket-status.js';
import { intakeTicket } from './core/intake.js';
import { holdFollowUp } from './core/held-follow-up.js';
import { handBackTicket, recordHumanReply, takeTicket, withholdReply } from './core/ownership.js';
import { handleTicket } from './core/turn.js';
import { inboxTriage } from './core/inbox-priority.js';
import { systemClock, type MovableClock } from './clock.js';
import type { Config } from './config.js';
import { CallScheduler } from './decide/call-scheduler.js';
import { createPolicyEngine } from './decide/policy-engine.js';
import { loadDirectory } from './directory/directory-file.js';
import { createLogger, type Logger } from './log.js';
import type { Embedder } from './memory/embedder.js';
import { loadSeedFile } from './memory/seed-file.js';
import { loadPolicy } from './core/policy.js';
import { rememberedReadings } from './reader/remembered-readings.js';
import { TrainedReader } from './reader/trained-reader.js';
import type { Reader } from './core/reading.js';
import { createServerTools } from './tools/server-tools.js';
import { createWritebackOutbox } from './memory/writeback-outbox.js';
import { missingRuleArticles } from './core/briefed-runbooks.js';
import { openKnowledgeBase, syncKnowledgeDir } from './knowledge/open-knowledge-base.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import { acceptKnowledgeGap, listKnowledgeGaps } from './knowledge/knowledge-gaps.js';
import { readKnowledgeDir } from './knowledge/knowledge-dir.js';
import { recordAnswerFeedback } from './core/answer-feedback.js';
import { openRecords } from './store/open-store.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const demoSeedPath = join(projectRoot, 'config', 'demo-seed.yml');

export interface ComposeOptions {
  logger?: Logger;
  /** Replaces the decider chosen from config (tests, eval). */
  decider?: Decider;
  /** A help center already synced and shared (the eval's trials); the caller closes it. */
  knowledge?: KnowledgeBase;
  /** Replaces the system clock (the demo history writes the past on a stepped clock). */
  clock?: MovableClock;
  /** Wraps the decider chosen from config (the demo history's model outages). */
  wrapDecider?: (decider: Decider) => Decider;
  /** Wraps the reader loaded from config (tests: a second opinion that fails). */
  wrapReader?: (reader: Reader) => Reader;
}

export async function compose(config: Config, opts: ComposeOptions = {}): Promise<Memdesk> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock(config.MEMDESK_NOW);
  const policy = loadPolicy(config.POLICY_DIR);
  const directory = loadDirectory(config.DIRECTORY_FILE);
  // One sentence embedder for the process (memory recall and the reader's second opinion share it);
  // its module loads only when one of them is on, its model on the first text embedded.
  let sentenceModel: Promise<Embedder> | undefined;
  const sentences = () => (sentenceModel ??= import('./memory/sentence-embedder.js').then((m) => m.sentenceEmbedder(undefined, logger)));
  // Several instances share one PostgreSQL (DATABASE_URL) for records and, unless hosted Mem0 is
  // used, for memory; SQLite under MEMDESK_DATA_DIR is the zero-setup default. pg loads only then.
  const memory: MemoryStore =
    config.memory === 'mem0-platform'
      ? await mem0Platform(config, logger)
      : config.DATABASE_URL
        ? await (await import('./memory/postgres.js')).createPostgresMemoryStore({ url: config.DATABASE_URL, namespace: config.MEMDESK_NAMESPACE, clock, logger })
        : await (await import('./memory/local.js')).createLocalMemoryStore({
            dataDir: config.MEMDESK_DATA_DIR,
            namespace: config.MEMDESK_NAMESPACE,
            clock,
            logger,
            // The static table is read now; USE-lite loads on the first memory written or searched, once per process.
            ...(config.MEMORY_EMBEDDINGS === 'on' ? await memoryEmbedders(config.MEMORY_EMBEDDER, sentences) : {}),
          });
  const records = await openRecords(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.MEMDESK_DATA_DIR }, clock);
  const { tickets, delivery, writebacks, operationLog } = records;
  // The help center: indexed from KNOWLEDGE_DIR now (only what changed since the last start).
  const knowledge = opts.knowledge ?? (await openSyncedKnowledgeBase(config, logger));
  const missing = await missingRuleArticles(policy.rules, knowledge);
  if (missing.length) logger.warn({ file: `${config.POLICY_DIR}/rules.yml`, missing }, `${config.POLICY_DIR}/rules.yml names articles KNOWLEDGE_DIR does not hold (${missing.join('; ')}); memdesk goes on without them`);
  // The one reader of the whole product: loaded once (weights from src/reader/model/), read once per turn.
  const loaded = rememberedReadings(TrainedReader.load(undefined, config.READER_SECOND_OPINION === 'on' ? { embedder: await sentences() } : {}));
  const reader = opts.wrapReader ? opts.wrapReader(loaded) : loaded;
  const policyEngine = createPolicyEngine(policy);
  const chosen =
    opts.decider ??
    (config.decider === 'gemini'
      ? await gemini(config, policyEngine, logger)
      : config.decider === 'openai'
        ? await openai(config, policyEngine, logger)
        : policyEngine);
  const decider = opts.wrapDecider ? opts.wrapDecider(chosen) : chosen;
  const outbox = createWritebackOutbox({ writebacks, operationLog, memory, clock, logger });
  const tools = createServerTools({ tickets, outbox, clock, namespace: config.MEMDESK_NAMESPACE, templates: policy.templates });
  const draftWriter = await modelDraftWriter(config);
  const gapDeps = { operationLog, knowledge, knowledgeDir: config.KNOWLEDGE_DIR, clock, logger, ...(draftWriter ? { draftWriter } : {}) };
  const loop = { directory, memory, knowledge, tickets, operationLog, tools, reader, decider, safetyNet: policyEngine, policy, clock, logger };
  const triage = inboxTriage({ directory, reader, memory, rules: policy.rules, clock, tickets, intakeWindowSeconds: config.INTAKE_WINDOW });

  return {
    async handleTicket(request, hooks) {
      // A turn that wrote back was learned from as its write-back landed (before it returns): the
      // outcome adds nothing to that, so only a turn that wrote nothing is learned from at its end.
      let learned = false;
      const wroteBack = (turn: LearnedTurn) => {
        triage.learn(turn);
        learned = true;
        hooks?.wroteBack?.();
      };
      const outcome = await handleTicket(loop, request, { wroteBack });
      if (!learned) triage.learn(outcome);
      return outcome;
    },
    inboxPriority: (message) => triage.priorityOf(message),
    lookUpInboxPriority: (message) => triage.lookUp(message),
    seed: (memories, by) => seedMemories({ memory, operationLog, clock, namespace: config.MEMDESK_NAMESPACE }, memories, by),
    demoSeed: () => loadSeedFile(demoSeedPath),
    updateTicketStatus: (ticketId, status, by) => updateTicketStatus({ tickets, operationLog, writeback: outbox, directory, clock, rules: policy.rules }, ticketId, status, by),
    answerFeedback: (ticketId, helpful, by) => recordAnswerFeedback({ tickets, operationLog, memory, reader, policy, directory, clock }, ticketId, helpful, by),
    knowledgeGaps: () => listKnowledgeGaps(gapDeps),
    acceptKnowledgeGap: (gapId, by) => acceptKnowledgeGap(gapDeps, gapId, by),
    knowledgeArticles: () => readKnowledgeDir(config.KNOWLEDGE_DIR).map(({ id, title, url, audience, updated }) => ({ article_id: id, title, url, audience, updated })),
    findTicketByThread: (channel, ts) => tickets.byThread(channel, ts),
    recordHumanReply: (ticketId, staffUserId, at) => recordHumanReply({ tickets, operationLog, clock }, ticketId, staffUserId, at),
    findIntakeTicket: (message) => intakeTicket({ tickets, reader, windowSeconds: config.INTAKE_WINDOW, minConfidence: policy.rules.reader.min_confidence }, message),
    withholdReply: (ticketId, answer) => withholdReply({ tickets, operationLog, clock }, ticketId, answer),
    takeTicket: (ticketId, by) => takeTicket({ tickets, operationLog, clock }, ticketId, by),
    handBackTicket: (ticketId, by) => handBackTicket({ tickets, operationLog, clock }, ticketId, by),
    recordHeldFollowUp: (ticketId, message, at, identity) => holdFollowUp({ tickets, operationLog, clock, reader, memory, policy, directory }, ticketId, identity, message, at),
    drainWritebacks: () => outbox.drain(),
    memory,
    tickets,
    delivery,
    writebacks,
    operationLog,
    report: records.report,
    directory,
    clock,
    decider: decider.name,
    deciderModel: decider.model ?? null,
    knowledge,
    async close() {
      await memory.close?.();
      if (!opts.knowledge) await knowledge.close();
      await records.close();
    },
  };
}

async function openSyncedKnowledgeBase(config: Config, logger: Logger): Promise<KnowledgeBase> {
  const knowledge = await openKnowledgeBase(config);
  try {
    const synced = await syncKnowledgeDir(knowledge, config.KNOWLEDGE_DIR);
    if (synced.added.length || synced.updated.length || synced.removed.length) logger.info({ index: knowledge.kind, ...synced }, 'help center synced');
    return knowledge;
  } catch (error) {
    await knowledge.close();
    throw error;
  }
}

// SDK adapters load only when chosen, so the embedded defaults start fast and import nothing remote.
async function gemini(config: Config, policyEngine: Decider, logger: Logger): Promise<Decider> {
  const { createGeminiDecider } = await import('./decide/gemini.js');
  const { withFallback } = await import('./decide/fallback.js');
  const primary = createGeminiDecider({
    apiKey: config.GEMINI_API_KEY!,
    model: config.GEMINI_MODEL,
    logger,
    scheduler: modelCallScheduler(config),
    hedge: config.MODEL_HEDGE,
    ...modelRequestLimits(config),
    ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
  });
  return withFallback(primary, policyEngine, logger);
}

async function openai(config: Config, policyEngine: Decider, logger: Logger): Promise<Decider> {
  const { createOpenAIDecider } = await import('./decide/openai.js');
  const { withFallback } = await import('./decide/fallback.js');
  const primary = createOpenAIDecider({
    model: config.OPENAI_MODEL!,
    logger,
    scheduler: modelCallScheduler(config),
    hedge: config.MODEL_HEDGE,
    ...modelRequestLimits(config),
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
  });
  return withFallback(primary, policyEngine, logger);
}

/** With a model deciding, the same model writes the gap loop's draft articles (one request, MODEL_TIMEOUT_MS); offline they stay extractive. */
async function modelDraftWriter(config: Config): Promise<DraftWriter | undefined> {
  if (config.decider === 'policy') return undefined;
  const { createGeminiDraftWriter, createOpenAIDraftWriter } = await import('./decide/draft-writers.js');
  const timeout = modelTimeout(config);
  if (config.decider === 'gemini') {
    return createGeminiDraftWriter({ model: config.GEMINI_MODEL, apiKey: config.GEMINI_API_KEY!, ...timeout, ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}) });
  }
  return createOpenAIDraftWriter({ model: config.OPENAI_MODEL!, ...timeout, ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}), ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}) });
}

/** MODEL_TIMEOUT_MS and MODEL_TRIES, for whichever model decides; an unset timeout keeps the decider's own. */
function modelRequestLimits(config: Config): { timeoutMs?: number; retry: { attempts: number } } {
  return { retry: { attempts: config.MODEL_TRIES }, ...modelTimeout(config) };
}

/** MODEL_TIMEOUT_MS per model request, when set. */
function modelTimeout(config: Config): { timeoutMs?: number } {
  return config.MODEL_TIMEOUT_MS !== undefined ? { timeoutMs: config.MODEL_TIMEOUT_MS } : {};
}

/** One per process, whichever model decides: the limits are the model service's, not a ticket's. */
function modelCallScheduler(config: Config): CallScheduler {
  return new CallScheduler({
    maxConcurrency: config.GEMINI_MAX_CONCURRENCY,
    maxWaitMs: config.DECIDE_WAIT_MS,
    ...(config.GEMINI_RPM !== undefined ? { rpm: config.GEMINI_RPM } : {}),
    ...(config.GEMINI_TPM !== undefined ? { tpm: config.GEMINI_TPM } : {}),
  });
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
    maxConcurrency: config.MEM0_MAX_CONCURRENCY,
    ...(config.MEM0_HOST ? { host: config.MEM0_HOST } : {}),
  });
}

/**
 * The embedded store's embedders for MEMORY_EMBEDDER: tiered writes with the static table's vector
 * and replaces it with USE-lite's in the background; the others embed with one model.
 */
async function memoryEmbedders(which: Config['MEMORY_EMBEDDER'], sentences: () => Promise<Embedder>): Promise<{ embedder: Embedder; provisional?: Embedder }> {
  if (which === 'use-lite') return { embedder: await sentences() };
  const table = (await import('./memory/static-embedder.js')).staticEmbedder();
  return which === 'static' ? { embedder: table } : { embedder: await sentences(), provisional: table };
}
