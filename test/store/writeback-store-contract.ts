// Write-back outbox: the contract each backend passes (records-contract.ts runs the set up).
import { describe, expect, it } from 'vitest';
import type { Writeback } from '../../src/core/ports.js';
import { contractRecords, HOUR, type MakeRecords } from './records-contract.js';

export function writebackStoreContract(name: string, make: MakeRecords): void {
  describe(`Write-back outbox contract: ${name}`, () => {
    const c = contractRecords(make);

    describe('memory write-back outbox', () => {
      const mine = (items: Writeback[]) => items.filter((w) => w.outbox_id.includes(c.run));

      it('keeps the first record when the same write is enqueued again', async () => {
        expect(await c.records.writebacks.enqueue(c.writeback(1))).toBe(true);
        expect(await c.records.writebacks.enqueue(c.writeback(1, { text: 'a replay with other words', attempts: 5 }))).toBe(false);

        expect(await c.records.writebacks.get(c.id('wb', 1))).toEqual(c.writeback(1));
        expect(mine(await c.records.writebacks.pending())).toEqual([c.writeback(1)]);
        expect(await c.records.writebacks.get(c.id('wb', 'missing'))).toBeUndefined();
      });

      it('hands out pending writes oldest first, only those due', async () => {
        await c.records.writebacks.enqueue(c.writeback(3));
        await c.records.writebacks.enqueue(c.writeback(1));
        await c.records.writebacks.enqueue(c.writeback(2, { next_attempt_at: c.iso(HOUR) }));

        expect(mine(await c.records.writebacks.pending()).map((w) => w.outbox_id)).toEqual([c.id('wb', 1), c.id('wb', 2), c.id('wb', 3)]);
        expect(mine(await c.records.writebacks.pending(c.iso(5_000))).map((w) => w.outbox_id)).toEqual([c.id('wb', 1), c.id('wb', 3)]);
      });

      it('completes a write once; a replayed enqueue does not reopen it', async () => {
        await c.records.writebacks.enqueue(c.writeback(1));
        await c.records.writebacks.complete(c.id('wb', 1), 'mem_42');
        await c.records.writebacks.enqueue(c.writeback(1));

        expect(mine(await c.records.writebacks.pending())).toEqual([]);
        expect(await c.records.writebacks.get(c.id('wb', 1))).toMatchObject({ status: 'done', memory_id: 'mem_42', attempts: 1, last_error: null });
      });

      it('defers a failed write until its next attempt is due', async () => {
        await c.records.writebacks.enqueue(c.writeback(1));
        await c.records.writebacks.defer(c.id('wb', 1), 'memory store timed out', c.iso(HOUR));

        expect(mine(await c.records.writebacks.pending(c.iso(HOUR - 1)))).toEqual([]);
        expect(mine(await c.records.writebacks.pending(c.iso(HOUR)))).toEqual([
          c.writeback(1, { attempts: 1, last_error: 'memory store timed out', next_attempt_at: c.iso(HOUR) }),
        ]);
      });
    });


    it('keeps write-backs across a restart', async () => {
      await c.records.writebacks.enqueue(c.writeback(1));
      await c.reopen();
      expect(await c.records.writebacks.get(c.id('wb', 1))).toEqual(c.writeback(1));
    });
  });
}
