// Operation log: the contract each backend passes (records-contract.ts runs the set up).
import { describe, expect, it } from 'vitest';
import { contractRecords, type MakeRecords } from './records-contract.js';

export function operationLogContract(name: string, make: MakeRecords): void {
  describe(`Operation log contract: ${name}`, () => {
    const c = contractRecords(make);

    describe('operation log', () => {
      it('appends entries and filters them by trace and by ticket', async () => {
        await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: c.id('T', 1), kind: 'ticket_created', detail: { channel: 'C0SUPPORT' } });
        c.clock.advance(1000);
        await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: c.id('T', 1), kind: 'tool_executed', detail: { name: 'escalate', args: { priority: 'high' } } });
        await c.records.operationLog.append({ trace_id: c.id('trace', 2), ticket_id: c.id('T', 1), kind: 'ticket_resolved', detail: {} });
        await c.records.operationLog.append({ trace_id: c.id('trace', 3), ticket_id: null, kind: 'memory_seeded', detail: { count: 3 } });

        const byTrace = await c.records.operationLog.entries({ traceId: c.id('trace', 1) });
        expect(byTrace.map((e) => e.kind)).toEqual(['ticket_created', 'tool_executed']);
        expect(byTrace[1]).toMatchObject({ ticket_id: c.id('T', 1), detail: { name: 'escalate', args: { priority: 'high' } }, at: c.clock.now().toISOString() });
        expect(byTrace[0]!.at).toBe('2026-11-25T09:00:00.000Z');
        expect(byTrace[1]!.seq).toBeGreaterThan(byTrace[0]!.seq);

        expect((await c.records.operationLog.entries({ ticketId: c.id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_created', 'tool_executed', 'ticket_resolved']);
        expect((await c.records.operationLog.entries({ traceId: c.id('trace', 2), ticketId: c.id('T', 1) })).map((e) => e.kind)).toEqual(['ticket_resolved']);
        expect(await c.records.operationLog.entries({ traceId: c.id('trace', 3) })).toMatchObject([{ ticket_id: null, kind: 'memory_seeded', detail: { count: 3 } }]);
      });

      it('is append-only in the database itself: UPDATE and DELETE are refused', async () => {
        await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: null, kind: 'ticket_created', detail: { n: 1 } });
        const before = await c.records.operationLog.entries({ traceId: c.id('trace', 1) });

        await expect(c.handle.rawExec(`UPDATE operation_log SET kind = 'rewritten' WHERE trace_id = '${c.id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        await expect(c.handle.rawExec(`DELETE FROM operation_log WHERE trace_id = '${c.id('trace', 1)}'`)).rejects.toThrow(/append-only/);
        expect(await c.records.operationLog.entries({ traceId: c.id('trace', 1) })).toEqual(before);
      });
    });


    it('takes hostile text: a NUL character never costs a log entry', async () => {
      await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: null, kind: 'message_received', detail: { text: 'a\u0000b', 'k\u0000': 1 } });
      const [entry] = await c.records.operationLog.entries({ traceId: c.id('trace', 1) });
      expect((entry?.detail.text as string).replaceAll('\u0000', '')).toBe('ab');
    });

    it('keeps entries across a restart', async () => {
      await c.records.operationLog.append({ trace_id: c.id('trace', 1), ticket_id: c.id('T', 1), kind: 'ticket_created', detail: {} });
      await c.reopen();
      expect((await c.records.operationLog.entries({ traceId: c.id('trace', 1) })).map((e) => e.kind)).toEqual(['ticket_created']);
    });
  });
}
