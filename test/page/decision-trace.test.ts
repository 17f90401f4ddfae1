// The decision trace the page shows is read back from the operation log: turns with their retrieved
// memories, executed and blocked tool calls, who decided and timings; staff actions after them.
import { describe, expect, it } from 'vitest';
import type { LoggedOperation, OperationEvent } from '../../src/core/events.js';
import { decisionTrace } from '../../src/page/decision-trace.js';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, 0, ms)).toISOString();
let seq = 0;
const op = (trace_id: string, ms: number, event: OperationEvent): LoggedOperation => ({ ...event, seq: ++seq, at: at(ms), trace_id, ticket_id: 'tkt_1' });
const received = { customer_id: 'cust_ben', account_id: 'acct_northwind', message_chars: 13 };
const finalized = { tools_executed: [], status: 'waiting_on_customer', priority: null, customer_response: 'Hi', usage: null };

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
        passages: [],
        cited: [],
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

  it('shows the passages retrieved and cited, the customer\'s mark, and the gap it left', () => {
    const steps = decisionTrace(
      [
        op('t1', 0, { kind: 'ticket_received', detail: { ...received, message: 'how do i rotate a key', resolved_by: 'directory', continued: false } }),
        op('t1', 1, {
          kind: 'knowledge_retrieved',
          detail: {
            passages: [
              { article_id: 'developers/api-keys', heading: 'Rotate a key without downtime', score: 1, audience: 'customer' },
              { article_id: 'internal/incident-runbook', heading: 'First report', score: 0.3, audience: 'internal' },
            ],
            min_score: 0.45,
          },
        }),
        op('t1', 2, { kind: 'answer_cited', detail: { articles: [{ article_id: 'developers/api-keys', title: 'API keys', url: 'https://help.example/developers/api-keys' }] } }),
        op('t2', 10, { kind: 'answer_feedback', detail: { helpful: false, actor: 'U0BEN', articles: ['developers/api-keys'], escalation_id: 'esc_1' } }),
        op('t3', 20, { kind: 'ticket_resolved', detail: { actor: 'U0DANA', note: 'Use the Rotate button.' } }),
        op('t3', 21, { kind: 'knowledge_gap_found', detail: { gap_id: 'gap_tkt_1', reason: 'not_helpful', question: 'how do i rotate a key', resolution: 'Use the Rotate button.', topic: 'developers', articles: ['developers/api-keys'] } }),
        op('t4', 30, { kind: 'knowledge_gap_accepted', detail: { gap_id: 'gap_tkt_1', article_id: 'developers/rotate-a-key', actor: 'cli' } }),
      ],
      () => undefined,
    );
    expect(steps[0]).toMatchObject({ kind: 'turn', min_score: 0.45, cited: ['developers/api-keys'] });
    expect(steps[0]!.kind === 'turn' && steps[0]!.passages.map((p) => p.article_id)).toEqual(['developers/api-keys', 'internal/incident-runbook']);
    expect(steps.slice(1)).toEqual([
      { kind: 'feedback', trace_id: 't2', at: at(10), helpful: false, actor: 'U0BEN', articles: ['developers/api-keys'] },
      { kind: 'staff', trace_id: 't3', at: at(20), action: 'resolved', actor: 'U0DANA', note: 'Use the Rotate button.' },
      { kind: 'gap', trace_id: 't3', at: at(21), reason: 'not_helpful', accepted_as: 'developers/rotate-a-key' },
    ]);
  });
});
