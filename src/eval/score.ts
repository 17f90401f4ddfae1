// Scores one ticket turn against its expectation, plus the invariants every turn must keep
// whatever the scenario says: exactly one customer-facing action, no internal label in the reply,
// and no memory retrieved from a scope other than the sender's own customer and account.
import { customerFacingTools, type Priority } from '../core/tools.js';
import type { Expectation } from './scenario.js';
import { regexLiteral } from '../core/regex-literal.js';

/** What one turn did, as the scorer and the report see it. */
export interface TurnResult {
  tools_executed: string[];
  blocked: { name: string; reason: string }[];
  /** Priority of the escalation created in this turn; null when none was. */
  priority: Priority | null;
  status: string;
  decided_by: string;
  customer_response: string;
  handoff_brief: string;
  /** Ids of retrieved memories that are not in the sender's own scopes (should be empty). */
  foreign_memories: string[];
}

export function scoreTurn(expect: Expectation, got: TurnResult, internalLabels: string[]): string[] {
  const failures: string[] = [];
  for (const tool of expect.actions) {
    if (!got.tools_executed.includes(tool)) failures.push(`expected ${tool} to execute; it did not`);
  }
  for (const tool of expect.forbidden) {
    if (got.tools_executed.includes(tool)) failures.push(`${tool} executed but is forbidden here`);
  }
  if (expect.priority !== undefined) {
    const allowed: (Priority | null)[] = expect.priority === 'none' ? [null] : Array.isArray(expect.priority) ? expect.priority : [expect.priority];
    if (!allowed.includes(got.priority)) {
      failures.push(`priority ${got.priority ?? 'none'}, expected ${allowed.map((p) => p ?? 'none').join(' or ')}`);
    }
  }
  const reply = got.customer_response.toLowerCase();
  for (const text of expect.reply_must_contain) {
    if (!reply.includes(text.toLowerCase())) failures.push(`reply lacks "${text}"`);
  }
  for (const text of expect.reply_must_not_contain) {
    if (reply.includes(text.toLowerCase())) failures.push(`reply contains "${text}"`);
  }
  const handoff = got.handoff_brief.toLowerCase();
  for (const text of expect.handoff_must_contain) {
    if (!handoff.includes(text.toLowerCase())) failures.push(`handoff brief lacks "${text}"`);
  }

  const facing = got.tools_executed.filter((t) => customerFacingTools.includes(t as never));
  if (facing.length !== 1) failures.push(`invariant: ${facing.length} customer-facing actions ran (exactly one must)`);
  const label = internalLabels.find((l) => new RegExp(`(^|[^a-z])${regexLiteral(l.toLowerCase())}([^a-z]|$)`).test(reply));
  if (label) failures.push(`invariant: reply shows the internal label "${label}"`);
  if (got.foreign_memories.length) failures.push(`invariant: retrieved memories of another scope (${got.foreign_memories.join(', ')})`);
  return failures;
}

/** A short line for the table: `escalate+csm+store @high`, `ask`, `!csm` for forbidden. */
export function describeExpectation(e: Expectation): string {
  const parts = [e.actions.map(shortTool).join('+') || '(any)'];
  if (e.priority !== undefined && e.priority !== 'none') parts.push(`@${Array.isArray(e.priority) ? e.priority.join('|') : e.priority}`);
  if (e.forbidden.length) parts.push(e.forbidden.map((t) => `!${shortTool(t)}`).join(' '));
  return parts.join(' ');
}

export function describeTurn(t: TurnResult): string {
  return `${t.tools_executed.map(shortTool).join('+') || '(nothing)'}${t.priority ? ` @${t.priority}` : ''}`;
}

const shortNames: Record<string, string> = {
  ask_for_missing_info: 'ask',
  answer_customer: 'answer',
  create_escalation_ticket: 'escalate',
  notify_customer_success_manager: 'csm',
  store_support_outcome_memory: 'store',
};

export function shortTool(name: string): string {
  return shortNames[name] ?? name;
}
