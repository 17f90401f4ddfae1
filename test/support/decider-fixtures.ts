// What the model-decider tests share, whichever SDK they drive: Ben's repeat double charge as a
// decision packet, the calls a model makes for it, its final JSON, and a stand-in policy engine.
import { expect } from 'vitest';
import type { Decider, DecisionPacket, Proposal, ToolOutcome } from '../../src/core/ports.js';
import type { FinalResult } from '../../src/core/tools.js';

export const policyText = '# Support policy\nBilling disputes on Enterprise accounts are high priority with a 4-hour SLA.';
export const instructions = 'You are memdesk, a support agent. Pick exactly one customer-facing tool.';

export function makePacket(overrides: Partial<DecisionPacket> = {}): DecisionPacket {
  return {
    trace_id: 'trace_1',
    ticket_id: 'tkt_1',
    now: '2026-11-25T09:00:00.000Z',
    today: '2026-11-25',
    customer: { customer_id: 'cust_ben', account_id: 'acct_northwind', customer_name: 'Ben Carter', account_name: 'Northwind Traders', known_sender: true },
    message: 'I was charged twice again this month. Invoice INV-2211.',
    message_truncated: false,
    memory_enabled: true,
    memory_unavailable: false,
    knowledge: { passages: [], min_score: 0.73, unavailable: false },
    memories: {
      customer: [{ id: 'mem_c1', memory: '2026-10-02: double-charged on INV-1042; refund promised within 5 days', score: 0.82, created_at: '2026-10-02T10:00:00Z' }],
      account: [
        {
          id: 'mem_a1',
          memory: 'Northwind is on the Enterprise plan; Dana Lee is their CSM',
          score: 0.77,
          created_at: '2026-09-01T08:00:00Z',
          metadata: { plan: 'enterprise', label: 'renewal_risk' },
        },
      ],
    },
    ticket_state: null,
    history: [],
    policy_text: policyText,
    instructions,
    ...overrides,
  };
}

/** A bare packet for a message (and its memories), as the scheduling and hedging tests send it: ids from its length. */
export function messagePacket(message: string, memories: DecisionPacket['memories'] = { customer: [], account: [] }): DecisionPacket {
  return makePacket({ trace_id: `trace_${message.length}`, ticket_id: `tkt_${message.length}`, message, memories, policy_text: '# Support policy', instructions: 'You are memdesk.' });
}

/** A how-to the rules leave at normal priority, and a repeat double charge on Enterprise with an open promise (urgent). */
export const howToPacket = messagePacket('How do I export my reports to CSV?');
export const urgentBillingPacket = messagePacket('I was charged twice again this month. Invoice INV-2211.', {
  customer: [
    { id: 'mem_1', memory: '2026-04-12: double-charged on INV-0931; refunded', score: 0.8, created_at: '2026-04-12T10:00:00Z' },
    { id: 'mem_2', memory: '2026-10-02: double-charged on INV-1042; we promised a $49 credit on the next invoice', score: 0.8, created_at: '2026-10-02T10:00:00Z' },
  ],
  account: [{ id: 'mem_plan', memory: 'Northwind is on the Enterprise plan', score: 0.8, created_at: '2026-09-01T08:00:00Z' }],
});

/** Waits until `check` holds, and fails the test if it never does (within 20 s: a loaded machine is slow, not stuck). */
export async function until(check: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 20_000;
  while (!check() && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

export const escalationArgs = {
  customer_id: 'cust_ben',
  account_id: 'acct_northwind',
  priority: 'high',
  reason: 'Repeat double charge on an Enterprise account (policy: billing disputes)',
  summary: 'Charged twice on INV-2211',
  handoff_summary: 'Second double charge after INV-1042 in October; refund was promised then.',
};
export const csmArgs = {
  account_id: 'acct_northwind',
  customer_id: 'cust_ben',
  csm_name: 'Dana Lee',
  handoff_summary: 'Repeat billing error',
  risk_reason: 'Renewal risk after two billing errors',
};

const noSeverity = { production_blocked: false, many_users: false, data_loss: false, security: false };

export const finalResult: FinalResult = {
  customer_response: 'Sorry about this, Ben. I have escalated it as high priority; billing will reply within 4 hours.',
  decision_summary: 'Escalated a repeat double charge as high priority.',
  handoff_brief: 'Second double charge; see INV-1042.',
  mem0_value: 'The earlier double charge made this a repeat issue, so priority went to high.',
  tools_executed: ['create_escalation_ticket'],
  issue_type: 'billing',
  severity: noSeverity,
  language: 'en',
};

/** The first call executed (an escalation), any second one blocked, as the loop reports them. */
export function outcomesFor(proposal: Proposal): ToolOutcome[] {
  return proposal.calls.map((call, i) =>
    i === 0
      ? { call, name: call.name, status: 'executed', result: { escalation_id: 'esc_1', sla_due_at: '2026-11-25T13:00:00Z' } }
      : { call, name: call.name, status: 'blocked', reason: 'a CSM was already told about this account today' },
  );
}

/** A stand-in for the policy engine, recording what it was asked. */
export function fakePolicy() {
  const concluded: { proposal: Proposal; outcomes: ToolOutcome[] }[] = [];
  let proposed = 0;
  const decider: Decider = {
    name: 'policy',
    async propose() {
      proposed++;
      return { calls: [{ id: 'policy_1', name: 'answer_customer', args: { answer: 'We are on it.', resolved: false } }] };
    },
    async conclude(_packet, proposal, outcomes) {
      concluded.push({ proposal, outcomes });
      return { ...finalResult, decision_summary: 'policy decided', tools_executed: ['answer_customer'] };
    },
  };
  return { decider, concluded, proposed: () => proposed };
}

/** The final JSON a model writes for Ben's urgent escalation in the demo loop. */
export const benUrgentFinal = (over: Record<string, unknown> = {}) => ({
  customer_response: 'Thanks Ben, our billing team has your ticket and will follow up within 24 hours.',
  decision_summary: 'Repeat billing issue with an open promise: urgent escalation.',
  handoff_brief: 'Ben Carter, Northwind: third billing issue; promised $49 credit outstanding.',
  mem0_value: 'History made this urgent.',
  tools_executed: ['create_escalation_ticket'],
  issue_type: 'billing',
  severity: noSeverity,
  language: 'en',
  ...over,
});

/** The escalation call a model makes for Ben in the demo loop. */
export const benEscalation = (priority = 'urgent', id = 'call_1') => ({
  id,
  name: 'create_escalation_ticket',
  args: {
    customer_id: 'cust_ben',
    account_id: 'acct_northwind',
    priority,
    reason: 'repeat billing issue and open promise',
    summary: 'Charged twice',
    handoff_summary: 'Prior issues 2026-04-12 and 2026-05-20; $49 credit promised.',
  },
});
