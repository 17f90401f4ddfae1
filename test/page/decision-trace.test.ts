// The decision trace the page shows is read back from the operation log: turns with their retrieved
// memories, executed and blocked tool calls, who decided and timings; staff actions after them.
import { describe, expect, it } from 'vitest';
import type { LoggedOperation, OperationEvent } from '../../src/core/events.js';
import { decisionTrace } from '../../src/page/decision-trace.js';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, 0, ms)).toISOString();
let seq = 0;
const op = (trace_id: string, ms: number, event: OperationEvent): LoggedOperation => ({ ...event, seq: ++seq, at: at(ms), trace_id, ticket_id: 'tkt_1' });
const received = { customer_id: 'cust_ben', account_id: 'acct_northwind', message_chars: 13 };
const finalized = { tools_executed: [], status: 'answered', priority: null, customer_response: 'Hi', usage: null };

describe('decisionTrace', () => {
  it('reads a turn and a staff action from the operation log', () => {
    const steps = decisionTrace(
      [
        op('trace_a', 0, { kind: 'ticket_received', detail: { ...received, message: 'charged twice', resolved_by: 'directory', continued: false } }),
        op('trace_a', 4, { kind: 'memory_retrieved', detail: { customer: ['m1'], account: ['m2', 'gone'], memory_enabled: true } }),
        op('trace_a', 4, { kind: 'memory_superseded', detail: { memory_ids: ['m2'] } }),
        op('trace_a', 6, {
          kind: 'decision_proposed',
          detail: { decider: 'gemini', calls: [{ id: 'c1', name: 'answer_customer' }, { id: 'c2', name: 'create_escalation_ticket' }], usage: null },
        }),
        op('trace_a', 7, { kind: 'tool_blocked', detail: { call_id: 'c1', name: 'answer_customer', reason: 'billing needs the invoice id' } }),
        op('trace_a', 9, { kind: 'tool_executed', detail: { call_id: 'c2', name: 'create_escalation_ticket', args: { priority: 'urgent' }, result: {} } }),
        op('trace_a', 12, {
          kind: 'ticket_finalized',
          detail: { ...finalized, decided_by: 'gemini', tools_executed: ['create_escalation_ticket'], status: 'escalated', priority: 'urgent', customer_response: 'On it.' },
        }),
        op('trace_b', 50, { kind: 'ticket_resolved', detail: { actor: 'U0DANA', note: null } }),
        op('trace_b', 51, { kind: 'memory_written', detail: { outbox_id: 'wb_1', memory_id: 'm3', attempts: 1 } }),
      ],
      (id) => ({ m1: 'Ben was charged twice in April', m2: 'Northwind is on Pro' })[id],
    );
    expect(steps).toEqual([
      {
        kind: 'turn',
        trace_id: 'trace_a',
        at: at(0),
        message: 'charged twice',
        resolved_by: 'directory',
        continued: false,
        memory_enabled: true,
        memories: [
          { scope: 'customer', id: 'm1', text: 'Ben was charged twice in April' },
          { scope: 'account', id: 'm2', text: 'Northwind is on Pro' },
          { scope: 'account', id: 'gone' },
        ],
        superseded: ['m2'],
        decider: 'gemini',
        proposed: ['answer_customer', 'create_escalation_ticket'],
        tool_calls: [
          { name: 'answer_customer', status: 'blocked', reason: 'billing needs the invoice id' },
          { name: 'create_escalation_ticket', status: 'executed', args: { priority: 'urgent' } },
        ],
        decided_by: 'gemini',
        customer_response: 'On it.',
        status: 'escalated',
        priority: 'urgent',
        timings_ms: { memory_ms: 4, decide_ms: 2, tools_ms: 3, total_ms: 12 },
        notes: [],
      },
      { kind: 'staff', trace_id: 'trace_b', at: at(50), action: 'resolved', actor: 'U0DANA', note: null },
    ]);
  });

  it('shows what the reader made of the message, and what a model decider read instead', () => {
    const none = { production_blocked: false, many_users: false, data_loss: false, security: false };
    const [turn] = decisionTrace(
      [
        op('r', 0, { kind: 'ticket_received', detail: { ...received, message: 'Alle können sich nicht anmelden', resolved_by: 'directory', continued: false } }),
        op('r', 1, {
          kind: 'message_read',
          detail: { issue_type: 'access', confidence: 0.72, severity: { ...none, many_users: true }, language: 'de', asks_for_human: false, has_detail: false, fields: [] },
        }),
        op('r', 9, { kind: 'reading_disagreed', detail: { decider: 'gemini', offline: { issue_type: 'access', severity: { ...none, many_users: true }, language: 'de' }, decider_reading: { issue_type: 'outage', severity: { ...none, many_users: true }, language: 'de' } } }),
      ],
      () => undefined,
    );
    expect(turn).toMatchObject({
      reading: { issue_type: 'access', confidence: 0.72, language: 'de', signals: ['many users'], asks_for_human: false, decider: { issue_type: 'outage', language: 'de', signals: ['many users'] } },
    });
  });

  it("prefers the loop's own timings when the log carries them", () => {
    const [turn] = decisionTrace(
      [
        op('t', 0, { kind: 'ticket_received', detail: { ...received, message: 'hi', resolved_by: 'directory', continued: false } }),
        op('t', 30, { kind: 'ticket_finalized', detail: { ...finalized, decided_by: 'policy', timings_ms: { memory_ms: 1, total_ms: 7 } } }),
      ],
      () => undefined,
    );
    expect(turn).toMatchObject({ timings_ms: { memory_ms: 1, total_ms: 7 } });
  });
});
