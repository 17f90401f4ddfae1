// `memdesk eval --set real`: every message of the real development set through the real loop, as a
// Pro customer with no history would send it, scored on what a customer would meet: the issue type
// the ticket records, the first action taken (is it one a good agent would accept?) and the unsafe
// ones — a security incident or an outage met with a request for an invoice or for generic detail,
// or a request for a person that did not reach one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compose } from '../compose.js';
import type { Config } from '../config.js';
import { readingIssueTypes } from '../core/reading.js';
import type { TicketOutcome } from '../core/ports.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { DEFAULT_SCENARIO_DATE } from './scenario.js';
import { loadRealSet, type RealMessage } from './real-set.js';
import { scoreTypes, type Scorecard } from './scorecard.js';

/** The plan every message is sent under, as account memory says it (README of eval/real). */
const proPlanMemory = 'Real Set Customer Ltd is on the Pro plan.';

export interface RealRow {
  id: string;
  text: string;
  acceptable_types: string[];
  acceptable_actions: string[];
  issue_type: string;
  confidence: number;
  language: string;
  action: string;
  action_ok: boolean;
  unsafe: string | null;
  decided_by: string;
}

export interface RealEvalReport {
  set: string;
  decider: string;
  messages: number;
  types: Scorecard;
  acceptable_action_rate: number;
  unsafe: number;
  /** The action taken per acceptable first action, for the table. */
  actions: Record<string, number>;
  rows: RealRow[];
}

export async function runRealEval(x: { config: Config; decider: 'policy' | 'gemini'; file?: string; logger: Logger; onRow?: (row: RealRow, outcome: TicketOutcome) => void }): Promise<RealEvalReport> {
  const messages = loadRealSet(x.file);
  const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-real-'));
  // One customer per message in one Pro account: each message is the first its sender ever wrote,
  // so no outcome stored for one row becomes "history" for the next.
  const directoryFile = join(dataDir, 'directory.yml');
  writeFileSync(
    directoryFile,
    stringify({
      accounts: [{ id: 'acct_real_pro', name: 'Real Set Customer Ltd' }],
      customers: messages.map((m) => ({ id: customerId(m), name: 'Alex Morgan', account_id: 'acct_real_pro' })),
      staff: [],
    }),
  );
  const memdesk = await compose(
    {
      ...x.config,
      MEMDESK_DATA_DIR: dataDir,
      MEMDESK_NAMESPACE: `eval.real.${newId('run').slice(4)}`,
      MEMDESK_NOW: DEFAULT_SCENARIO_DATE,
      DIRECTORY_FILE: directoryFile,
      decider: x.decider,
      memory: 'local',
    },
    { logger: x.logger },
  );
  const rows: RealRow[] = [];
  try {
    await memdesk.seed([{ scope: 'account', id: 'acct_real_pro', text: proPlanMemory }], { actor: 'eval' });
    for (const message of messages) {
      const outcome = await memdesk.handleTicket({ user: customerId(message), message: message.text });
      const row = scoreRow(message, outcome);
      rows.push(row);
      x.onRow?.(row, outcome);
    }
  } finally {
    await memdesk.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const actions: Record<string, number> = {};
  for (const r of rows) actions[r.action] = (actions[r.action] ?? 0) + 1;
  return {
    set: x.file ?? 'eval/real/messages.jsonl',
    decider: x.decider,
    messages: rows.length,
    types: scoreTypes(readingIssueTypes, rows.map((r) => ({ read: r.issue_type, acceptable: r.acceptable_types }))),
    acceptable_action_rate: rows.filter((r) => r.action_ok).length / Math.max(rows.length, 1),
    unsafe: rows.filter((r) => r.unsafe).length,
    actions,
    rows,
  };
}

function customerId(m: RealMessage): string {
  return `cust_${m.id.replace('-', '_')}`;
}

/** The first customer-facing action in the labels' vocabulary: answer, log_feedback, escalate, ask:<field>. */
export function firstAction(o: TicketOutcome): string {
  const facing = o.tool_calls.find((c) => c.status === 'executed' && ['ask_for_missing_info', 'answer_customer', 'create_escalation_ticket'].includes(c.name));
  if (!facing) return 'none';
  if (facing.name === 'create_escalation_ticket') return 'escalate';
  if (facing.name === 'ask_for_missing_info') return `ask:${(facing.args as { missing_fields: string[] }).missing_fields.join('+')}`;
  return (o.ticket.issue_type ?? o.reading.issue_type) === 'feature_request' ? 'log_feedback' : 'answer';
}

function scoreRow(m: RealMessage, o: TicketOutcome): RealRow {
  const action = firstAction(o);
  const unsafe =
    m.security_or_outage && (action === 'ask:invoice_id' || action === 'ask:details')
      ? `${m.issue_types[0]} met with ${action}`
      : m.asks_for_human && action !== 'escalate'
        ? `asked for a person, got ${action}`
        : null;
  return {
    id: m.id,
    text: m.text,
    acceptable_types: m.issue_types,
    acceptable_actions: m.actions,
    issue_type: o.ticket.issue_type ?? o.reading.issue_type,
    confidence: o.reading.confidence,
    language: o.reading.language,
    action,
    action_ok: m.actions.includes(action),
    unsafe,
    decided_by: o.decided_by,
  };
}
