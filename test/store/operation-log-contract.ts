// Operation log: the contract each backend passes (records-contract.ts runs the set up).
// Entries go in and come back as the typed events of src/core/events.ts.
import { describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/core/events.js';
import { contractRecords, type MakeRecords } from './records-contract.js';

export function operationLogContract(name: string, make: MakeRecords): void {
  describe(`Operation log contract: ${name}`, () => {
    const c = contractRecords(make);
    const received = (trace: string, ticket: string | null, message = 'I was charged twice'): OperationRecord => ({
      trace_id: trace,
      ticket_id: ticket,
      kind: 'ticket_received',
      detail: { customer_id: 'cust_ben', account_id: 'acct_initech', resolved_by: 'directory', continued: false, message_chars: message.length, message },
    });

    describe('operation log', () => {
      it('appends entries and filters them by trace and by ticket', async () => {
        await c.records.operationLog.append(received(c.id('trace', 1), c.id('T', 1)));
        c.clock.advance(1000);
        const executed = { call_id: 'call_1', name: 'create_escalation_ticket', args: { priority: 'high' }, result: { escalation_id: 'esc_1' } };
        await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: c.id('T', 1), kind: 'tool_executed', detail: executed });
        await c.records.operationLog.append({ trace_id: c.id('trace', 2), ticket_id: c.id('T', 1), kind: 'ticket_resolved', detail: { actor: 'U0STAFF', note: null } });
        await c.records.operationLog.append({ trace_id: c.id('trace', 3), ticket_id: null, kind: 'memory_seeded', detail: { count: 3, actor: 'cli' } });

        const byTrace = await c.records.operationLog.read({ traceId: c.id('trace', 1) });
        expect(byTrace.map((e) => e.kind)).toEqual(['ticket_received', 'tool_executed']);
        expect(byTrace[1]).toMatchObject({ ticket_id: c.id('T', 1), detail: executed, at: c.clock.now().toISOString() });
        expect(byTrace[0]!.at).toBe('2026-11-25T09:00:00.000Z');
        expect(byTrace[1]!.seq).toBeGreaterThan(byTrace[0]!.seq);

        expect((await c.records.operationLog.read({ ticketId: c.id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_received', 'tool_executed', 'ticket_resolved']);
        expect((await c.records.operationLog.read({ traceId: c.id('trace', 2), ticketId: c.id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_resolved']);
        expect(await c.records.operationLog.read({ traceId: c.id('trace', 3) })).toMatchObject([{ ticket_id: null, kind: 'memory_seeded', detail: { count: 3, actor: 'cli' } }]);
      });

      it('leaves out entries no event schema describes (a kind an older version wrote)', async () => {
        await c.records.operationLog.append(received(c.id('trace', 1), null));
        await c.handle.rawExec(
          `INSERT INTO operation_log (at, trace_id, ticket_id, kind, detail) VALUES ('2026-11-01T09:00:00.000Z', '${c.id('trace', 1)}', NULL, 'ticket_created', '{"n": 1}')`,
        );
        expect((await c.records.operationLog.read({ traceId: c.id('trace', 1) })).map((e) => e.kind)).toEqual(['ticket_received']);
      });

      it('is append-only in the database itself: UPDATE and DELETE are refused', async () => {
        await c.records.operationLog.append(received(c.id('trace', 1), null));
        const before = await c.records.operationLog.read({ traceId: c.id('trace', 1) });

        await expect(c.handle.rawExec(`UPDATE operation_log SET kind = 'rewritten' WHERE trace_id = '${c.id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        await expect(c.handle.rawExec(`DELETE FROM operation_log WHERE trace_id = '${c.id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        expect(await c.records.operationLog.read({ traceId: c.id('trace', 1) })).toEqual(before);
      });
    });

    it('takes hostile text: a NUL character never costs a log entry', async () => {
      const args = { text: 'a\u0000b', 'k\u0000': 1 };
      await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: null, kind: 'tool_executed', detail: { call_id: 'call_1', name: 'answer_customer', args, result: {} } });
      const [entry] = await c.records.operationLog.read({ traceId: c.id('trace', 1) });
      expect(entry?.kind).toBe('tool_executed');
      const stored = entry?.kind === 'tool_executed' ? (entry.detail.args as { text: string }) : undefined;
      expect(stored?.text.replaceAll('\u0000', '')).toBe('ab');
    });

    it('keeps entries across a restart', async () => {
      await c.records.operationLog.append(received(c.id('trace', 1), c.id('T', 1)));
      await c.reopen();
      expect((await c.records.operationLog.read({ traceId: c.id('trace', 1) })).map((e) => e.kind)).toEqual(['ticket_received']);
    });
  });
}
