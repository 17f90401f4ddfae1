// Delivery ledger: the contract each backend passes (records-contract.ts runs the set up).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { contractRecords, type MakeRecords } from './records-contract.js';

export function deliveryLedgerContract(name: string, make: MakeRecords): void {
  describe(`Delivery ledger contract: ${name}`, () => {
    const c = contractRecords(make);

    describe('inbox', () => {
      it('accepts a delivery once for any of its keys', async () => {
        const event = { inbox_id: c.id('in', 1), kind: 'message', payload: { text: 'hello', ts: '1.1' }, keys: [c.id('ev', 1), c.id('ch', '1.1')] };
        expect(await c.records.delivery.accept(event)).toBe(true);
        // Slack's retry of the same event, and the same message seen through another event id.
        expect(await c.records.delivery.accept({ ...event, inbox_id: c.id('in', 2) })).toBe(false);
        expect(await c.records.delivery.accept({ ...event, inbox_id: c.id('in', 3), keys: [c.id('ev', 3), c.id('ch', '1.1')] })).toBe(false);
        // The refused delivery claimed none of its keys.
        expect(await c.records.delivery.accept({ ...event, inbox_id: c.id('in', 4), keys: [c.id('ev', 3)] })).toBe(true);

        const claimed = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(claimed.map((i) => i.inbox_id)).toEqual([c.id('in', 1), c.id('in', 4)]);
        expect(claimed[0]).toMatchObject({ kind: 'message', payload: { text: 'hello', ts: '1.1' }, status: 'pending', attempts: 1, error: null });
        for (const i of claimed) await c.records.delivery.finish(i.inbox_id, 'done');
      });

      it('accepts one of the deliveries of one message that arrive at once, and the others claim none of their keys', async () => {
        const delivery = (n: number, event: number) => ({ inbox_id: c.id('in', n), kind: 'message', payload: { n }, keys: [c.id('ev', event), c.id('ch', '2.2')] });
        // A first delivery of another message is on its way when these arrive, so they queue together where a store groups writes.
        const [other, ...results] = await Promise.all([
          c.records.delivery.accept({ inbox_id: c.id('in', 0), kind: 'message', payload: {}, keys: [c.id('ev', 0)] }),
          ...[delivery(1, 1), delivery(2, 2), delivery(3, 1)].map((d) => c.records.delivery.accept(d)),
        ]);
        expect(other).toBe(true);
        expect(results.filter(Boolean)).toHaveLength(1);
        // An event id only refused deliveries carried is still free.
        const freeEvent = results[1] ? 1 : 2;
        expect(await c.records.delivery.accept({ inbox_id: c.id('in', 4), kind: 'message', payload: {}, keys: [c.id('ev', freeEvent)] })).toBe(true);
        const claimed = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(claimed).toHaveLength(3);
        for (const i of claimed) await c.records.delivery.finish(i.inbox_id, 'done');
      });

      it('leases an item to one worker until the lease runs out', async () => {
        await c.records.delivery.accept({ inbox_id: c.id('in', 1), kind: 'message', payload: {}, keys: [c.id('ev', 1)] });
        const first = (await c.records.delivery.claim({ leaseMs: 150, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(first.map((i) => i.attempts)).toEqual([1]);
        expect(Date.parse(first[0]!.lease_until!)).toBeGreaterThan(Date.now() - 1000);
        expect((await c.records.delivery.claim({ leaseMs: 150, limit: 100 })).filter((i) => i.inbox_id.includes(c.run))).toEqual([]);

        await sleep(300);
        // The worker holding it is presumed dead: another one takes it over.
        const again = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(again.map((i) => [i.inbox_id, i.attempts])).toEqual([[c.id('in', 1), 2]]);
        await c.records.delivery.finish(c.id('in', 1), 'done');
      });

      it('keeps a renewed lease out of other workers\' claims', async () => {
        await c.records.delivery.accept({ inbox_id: c.id('in', 1), kind: 'message', payload: {}, keys: [c.id('ev', 1)] });
        const held = (await c.records.delivery.claim({ leaseMs: 200, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(held.map((i) => i.inbox_id)).toEqual([c.id('in', 1)]);
        // The turn is still in flight past its first lease: the worker renews it twice.
        for (let n = 0; n < 2; n++) {
          await sleep(120);
          await c.records.delivery.renew([c.id('in', 1)], 200);
        }
        expect((await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run))).toEqual([]);
        await c.records.delivery.finish(c.id('in', 1), 'done');
        // Renewing a finished item does not bring it back.
        await c.records.delivery.renew([c.id('in', 1)], 60_000);
        expect((await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run))).toEqual([]);
      });

      it('never hands out a finished item, and counts items by status', async () => {
        const before = await c.records.delivery.counts();
        for (const n of [1, 2, 3]) await c.records.delivery.accept({ inbox_id: c.id('in', n), kind: 'message', payload: {}, keys: [c.id('ev', n)] });
        await c.records.delivery.finish(c.id('in', 1), 'done');
        await c.records.delivery.finish(c.id('in', 2), 'failed', 'payload could not be parsed');

        const claimed = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(claimed.map((i) => i.inbox_id)).toEqual([c.id('in', 3)]);
        const after = await c.records.delivery.counts();
        expect({ pending: after.pending - before.pending, done: after.done - before.done, failed: after.failed - before.failed }).toEqual({
          pending: 1,
          done: 1,
          failed: 1,
        });
        await c.records.delivery.finish(c.id('in', 3), 'done');
      });

      it('hands out the most urgent item first, then the oldest, and returns a batch oldest first', async () => {
        // Three ordinary messages, then an urgent one, then a high one, accepted in that order.
        const priorities = [0, 0, 0, 2, 1];
        for (const [n, priority] of priorities.entries()) await c.records.delivery.accept({ inbox_id: c.id('in', n), kind: 'message', payload: { n }, keys: [c.id('ev', n)], priority });
        const one = async () => (await c.records.delivery.claim({ leaseMs: 60_000, limit: 1 })).filter((i) => i.inbox_id.includes(c.run)).map((i) => i.inbox_id);
        expect(await one()).toEqual([c.id('in', 3)]);
        expect(await one()).toEqual([c.id('in', 4)]);
        expect(await one()).toEqual([c.id('in', 0)]);
        // Taken together, the rest come back in the order they arrived.
        const rest = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
        expect(rest.map((i) => [i.inbox_id, i.priority])).toEqual([
          [c.id('in', 1), 0],
          [c.id('in', 2), 0],
        ]);
        for (const n of priorities.keys()) await c.records.delivery.finish(c.id('in', n), 'done');
      });

      it('ranks a waiting item higher when its sender turns out to matter, and never lower', async () => {
        const priorities = [0, 0, 1];
        for (const [n, priority] of priorities.entries()) await c.records.delivery.accept({ inbox_id: c.id('in', n), kind: 'message', payload: { n }, keys: [c.id('ev', n)], priority });
        await c.records.delivery.raisePriority(c.id('in', 1), 2);
        await c.records.delivery.raisePriority(c.id('in', 2), 0);
        const one = async () => (await c.records.delivery.claim({ leaseMs: 60_000, limit: 1 })).filter((i) => i.inbox_id.includes(c.run)).map((i) => [i.inbox_id, i.priority]);
        expect(await one()).toEqual([[c.id('in', 1), 2]]);
        expect(await one()).toEqual([[c.id('in', 2), 1]]);
        expect(await one()).toEqual([[c.id('in', 0), 0]]);
        for (const n of priorities.keys()) await c.records.delivery.finish(c.id('in', n), 'done');
        // A finished item keeps what it had.
        await c.records.delivery.raisePriority(c.id('in', 0), 2);
        expect((await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run))).toEqual([]);
      });
    });

    describe('effect records', () => {
      it('records an intent, then its result', async () => {
        const key = c.id('effect', 'post_reply');
        expect(await c.records.delivery.effect(key)).toBeUndefined();
        await c.records.delivery.recordEffect(key, 'intent');
        expect(await c.records.delivery.effect(key)).toEqual({ key, status: 'intent', result: null });
        await c.records.delivery.recordEffect(key, 'done', { ts: '1764000000.000200', channel: 'C0SUPPORT' });
        expect(await c.records.delivery.effect(key)).toEqual({ key, status: 'done', result: { ts: '1764000000.000200', channel: 'C0SUPPORT' } });
      });
    });


    it('keeps accepted deliveries and their keys across a restart', async () => {
      await c.records.delivery.accept({ inbox_id: c.id('in', 1), kind: 'message', payload: {}, keys: [c.id('ev', 1)] });
      await c.reopen();
      expect(await c.records.delivery.accept({ inbox_id: c.id('in', 2), kind: 'message', payload: {}, keys: [c.id('ev', 1)] })).toBe(false);
      const claimed = (await c.records.delivery.claim({ leaseMs: 60_000, limit: 100 })).filter((i) => i.inbox_id.includes(c.run));
      expect(claimed.map((i) => i.inbox_id)).toEqual([c.id('in', 1)]);
      await c.records.delivery.finish(c.id('in', 1), 'done');
    });
  });
}
