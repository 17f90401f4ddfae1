// The decision trace the page shows is read back from the operation log: turns with their retrieved
// memories, executed and blocked tool calls, who decided and timings; staff actions after them.
import { describe, expect, it } from 'vitest';
import { decisionTrace } from '../../src/page/decision-trace.js';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, 0, ms)).toISOString();
let seq = 0;
const op = (trace_id: string, kind: string, ms: number, detail: Record<string, unknown> = {}) => ({ seq: ++seq, at: at(ms), trace_id, ticket_id: 'tkt_1', kind, detail });

describe('decisionTrace', () => {
  it('reads a turn and a staff action from the operation log', () => {
    const steps = decisionTrace(
      [
        op('trace_a', 'ticket_received', 0, { message: 'charged twice', resolved_by: 'directory', continued: false }),
        op('trace_a', 'memory_retrieved', 4, { customer: ['m1'], account: ['m2', 'gone'], memory_enabled: true }),
        op('trace_a', 'memory_superseded', 4, { memory_ids: ['m2'] }),
        op('trace_a', 'decision_proposed', 6, { decider: 'gemini', calls: [{ id: 'c1', name: 'answer_customer' }, { id: 'c2', name: 'create_escalation_ticket' }] }),
        op('trace_a', 'tool_blocked', 7, { call_id: 'c1', name: 'answer_customer', reason: 'billing needs the invoice id' }),
        op('trace_a', 'tool_executed', 9, { call_id: 'c2', name: 'create_escalation_ticket', args: { priority: 'urgent' } }),
        op('trace_a', 'ticket_finalized', 12, { decided_by: 'gemini', tools_executed: ['create_escalation_ticket'], status: 'escalated', priority: 'urgent', customer_response: 'On it.' }),
        op('trace_b', 'ticket_resolved', 50, { actor: 'U0DANA', note: null }),
        op('trace_b', 'memory_written', 51, { memory_id: 'm3' }),
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

  it("prefers the loop's own timings when the log carries them", () => {
    const [turn] = decisionTrace(
      [op('t', 'ticket_received', 0), op('t', 'ticket_finalized', 30, { decided_by: 'policy', timings_ms: { memory_ms: 1, total_ms: 7 } })],
      () => undefined,
    );
    expect(turn).toMatchObject({ timings_ms: { memory_ms: 1, total_ms: 7 } });
  });
});
