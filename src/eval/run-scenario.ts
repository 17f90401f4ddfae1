// Runs one trial of one scenario through the real composition (compose + handleTicket): its own
// temporary data folder, namespace, clock and directory file, so no trial sees another's records.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { TicketOutcome } from '../core/ports.js';
import type { SeedMemory } from '../core/seed-memories.js';
import type { Memdesk } from '../memdesk.js';
import type { Priority } from '../core/tools.js';
import { DAY_MS, isoDay } from '../clock.js';
import { compose } from '../compose.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Scenario } from './scenario.js';
import { scoreTurn, type TurnResult } from './score.js';

export interface TurnReport extends TurnResult {
  message: string;
  failures: string[];
}
export interface TrialReport {
  passed: boolean;
  turns: TurnReport[];
  /** Set when the trial could not run to the end (the error, not a failed expectation). */
  error?: string;
}

export async function runScenario(
  scenario: Scenario,
  x: { config: Config; decider: Config['decider']; logger: Logger; internalLabels: string[]; runId: string; knowledge?: KnowledgeBase },
): Promise<TrialReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-eval-'));
  const directoryFile = join(dataDir, 'directory.yml');
  writeFileSync(directoryFile, stringify(scenario.directoryData));
  const config: Config = {
    ...x.config,
    MEMDESK_DATA_DIR: dataDir,
    MEMDESK_NAMESPACE: `eval.${x.runId}.${scenario.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    MEMDESK_NOW: scenario.now,
    DIRECTORY_FILE: directoryFile,
    decider: x.decider,
    // Scenario memories live in the trial's own embedded store, never in a hosted project.
    memory: 'local',
  };
  const turns: TurnReport[] = [];
  let memdesk: Memdesk | undefined;
  try {
    memdesk = await compose(config, { logger: x.logger, ...(x.knowledge ? { knowledge: x.knowledge } : {}) });
    if (scenario.memories.length) await memdesk.seed(scenario.memories.map((m) => seedMemory(m, scenario.now)), { actor: 'eval' });
    let ticketId: string | undefined;
    for (const turn of scenario.turns) {
      const outcome = await memdesk.handleTicket({
        user: scenario.from,
        message: turn.message,
        memoryEnabled: scenario.memory,
        ...(ticketId ? { ticketId } : {}),
        ...(scenario.channel ? { channelId: scenario.channel } : {}),
        ...(scenario.email ? { email: scenario.email } : {}),
      });
      ticketId = outcome.ticket_id;
      const got = await turnResult(memdesk, outcome);
      turns.push({ message: turn.message, ...got, failures: scoreTurn(turn.expect, got, x.internalLabels) });
    }
    return { passed: turns.every((t) => t.failures.length === 0), turns };
  } catch (err) {
    return { passed: false, turns, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await memdesk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function seedMemory(m: Scenario['memories'][number], now: string): SeedMemory {
  const metadata = { ...(m.metadata ?? {}) };
  if (m.days_ago !== undefined) metadata.date = isoDay(new Date(Date.parse(now) - m.days_ago * DAY_MS));
  return { scope: m.scope, id: m.id, text: m.text, ...(Object.keys(metadata).length ? { metadata } : {}) };
}

async function turnResult(memdesk: Memdesk, o: TicketOutcome): Promise<TurnResult> {
  const executed = o.tool_calls.filter((c) => c.status === 'executed');
  const escalation = executed.find((c) => c.name === 'create_escalation_ticket');
  // What the sender's own scopes hold after the turn; anything else retrieved came from elsewhere.
  const ids = async (kind: 'customer' | 'account', id: string) => new Set((await memdesk.memory.list({ kind, id })).map((m) => m.id));
  const ownCustomer = await ids('customer', o.customer_id);
  const ownAccount = await ids('account', o.account_id);
  return {
    tools_executed: o.tools_executed,
    blocked: o.tool_calls.filter((c) => c.status === 'blocked').map((c) => ({ name: c.name, reason: c.reason ?? '' })),
    priority: escalation ? ((escalation.args as { priority?: Priority }).priority ?? null) : null,
    status: o.ticket.status,
    decided_by: o.decided_by,
    customer_response: o.customer_response,
    handoff_brief: o.handoff_brief,
    foreign_memories: [
      ...o.retrieved.customer.filter((m) => !ownCustomer.has(m.id)),
      ...o.retrieved.account.filter((m) => !ownAccount.has(m.id)),
    ].map((m) => m.id),
  };
}
