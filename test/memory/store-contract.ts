// The behaviour every MemoryStore adapter owes the decision loop, run once per adapter
// (the hosted Mem0 adapter against a local stand-in, the embedded store on a temp folder).
// Scope isolation comes first: a memory shown to the wrong customer is the worst bug memdesk can have.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore, Scope } from '../../src/core/ports.js';

export interface ContractStore {
  store: MemoryStore;
  cleanup(): Promise<void>;
}

const ben: Scope = { kind: 'customer', id: 'cust_ben' };
const ana: Scope = { kind: 'customer', id: 'cust_ana' };
const northwind: Scope = { kind: 'account', id: 'acct_northwind' };

export function memoryStoreContract(name: string, make: () => Promise<ContractStore>): void {
  describe(`MemoryStore contract: ${name}`, () => {
    let store: MemoryStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('finds a memory it stored, within its scope', async () => {
      const [added] = await store.add(ben, 'Ben prefers refunds as account credit rather than to his card', { infer: false });
      expect(added).toMatchObject({ scope: ben, memory: 'Ben prefers refunds as account credit rather than to his card' });
      expect(added!.id).toEqual(expect.any(String));

      const found = await store.search(ben, 'how does Ben want his refund?');
      expect(found[0]).toMatchObject({ id: added!.id, scope: ben });
      expect(found[0]!.score).toEqual(expect.any(Number));
    });

    it("never returns another customer's or the account's memory to a customer", async () => {
      await store.add(ben, 'Ben was promised a discount on the annual plan renewal', { infer: false });
      await store.add(ana, 'Ana was promised a discount on the annual plan renewal too', { infer: false });
      await store.add(northwind, 'Northwind annual plan renewal discount needs CFO sign-off', { infer: false });

      const found = await store.search(ben, 'annual plan renewal discount');
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((m) => m.scope.kind === 'customer' && m.scope.id === 'cust_ben')).toBe(true);
      expect(found.map((m) => m.memory)).toEqual(['Ben was promised a discount on the annual plan renewal']);

      const listed = await store.list(ben);
      expect(listed.map((m) => m.memory)).toEqual(['Ben was promised a discount on the annual plan renewal']);
    });

    it('keeps customer `ben` and account `ben` apart', async () => {
      const customer: Scope = { kind: 'customer', id: 'ben' };
      const account: Scope = { kind: 'account', id: 'ben' };
      await store.add(customer, 'Ben the person likes short answers', { infer: false });
      await store.add(account, 'The Ben account is on the enterprise plan', { infer: false });

      expect((await store.list(customer)).map((m) => m.memory)).toEqual(['Ben the person likes short answers']);
      expect((await store.list(account)).map((m) => m.memory)).toEqual(['The Ben account is on the enterprise plan']);
      const found = await store.search(customer, 'Ben enterprise plan short answers');
      expect(found.every((m) => m.scope.kind === 'customer')).toBe(true);
    });

    it("lists a scope's memories with their scope and timestamps", async () => {
      await store.add(ben, 'Ben is the billing contact for Northwind', { infer: false });
      await store.add(ben, 'Ben is in the Europe/Berlin time zone', { infer: false });

      const listed = await store.list(ben);
      expect(listed.map((m) => m.memory).sort()).toEqual([
        'Ben is in the Europe/Berlin time zone',
        'Ben is the billing contact for Northwind',
      ]);
      for (const m of listed) {
        expect(m.scope).toEqual(ben);
        expect(Number.isNaN(Date.parse(m.created_at))).toBe(false);
        expect(Number.isNaN(Date.parse(m.updated_at))).toBe(false);
      }
      expect(await store.list(ana)).toEqual([]);
    });

    it('deletes one memory', async () => {
      const [keep] = await store.add(ben, 'Ben uses the mobile app', { infer: false });
      const [drop] = await store.add(ben, 'Ben asked about a mobile app refund', { infer: false });

      await store.delete(drop!.id);

      expect((await store.list(ben)).map((m) => m.id)).toEqual([keep!.id]);
      expect((await store.search(ben, 'mobile app refund')).map((m) => m.id)).not.toContain(drop!.id);
    });

    it('erases a whole scope and nothing else', async () => {
      const [disputed] = await store.add(ben, 'Ben disputed invoice INV-2026-0042', { infer: false });
      await store.add(ben, 'Ben wants invoices sent to accounts@northwind.example', { infer: false });
      await store.add(ana, 'Ana disputed invoice INV-2026-0043', { infer: false });
      await store.add(northwind, 'Northwind pays invoices by bank transfer', { infer: false });

      expect(await store.deleteScope(ben)).toBe(2);

      expect(await store.list(ben)).toEqual([]);
      expect(await store.search(ben, 'disputed invoice')).toEqual([]);
      expect(await store.list(ana)).toHaveLength(1);
      expect(await store.list(northwind)).toHaveLength(1);
      expect(await store.deleteScope(ben)).toBe(0);
      // Our own stores keep no erased words in their change history (hosted Mem0 keeps its own).
      if (store.kind === 'local') {
        const history = await store.history(disputed!.id);
        expect(history.at(-1)?.event).toBe('DELETE');
        expect(JSON.stringify(history)).not.toContain('INV-2026-0042');
      }
    });

    it('stores an exact duplicate once and returns the existing record', async () => {
      const [first] = await store.add(ben, 'Ben is on the Pro plan', { infer: false });
      const [again] = await store.add(ben, 'Ben is on the Pro plan', { infer: false });

      expect(again!.id).toBe(first!.id);
      expect(await store.list(ben)).toHaveLength(1);
      // The same text in another scope is a different memory.
      await store.add(ana, 'Ben is on the Pro plan', { infer: false });
      expect(await store.list(ana)).toHaveLength(1);
    });

    it('round-trips metadata', async () => {
      const metadata = { source: 'seed', ticket_id: 'T-1042', confidence: 0.9, pinned: true };
      const [added] = await store.add(ben, 'Ben escalates quickly when an SLA is missed', { metadata, infer: false });
      expect(added!.metadata).toMatchObject(metadata);

      const [listed] = await store.list(ben);
      expect(listed!.metadata).toMatchObject(metadata);
      const [found] = await store.search(ben, 'SLA missed escalation');
      expect(found!.metadata).toMatchObject(metadata);
    });

    it('ranks a relevant memory above unrelated ones', async () => {
      await store.add(ben, 'Ben likes replies in bullet points', { infer: false });
      await store.add(ben, 'Ben works from the Hamburg office', { infer: false });
      await store.add(ben, 'Ben was double charged for the March invoice and got a refund', { infer: false });
      await store.add(ben, 'Ben uses single sign-on through Okta', { infer: false });

      const found = await store.search(ben, 'I was charged twice on my invoice, can I get a refund?');
      expect(found[0]!.memory).toBe('Ben was double charged for the March invoice and got a refund');
      for (const other of found.slice(1)) expect(other.score).toBeLessThanOrEqual(found[0]!.score);
    });

    it('redacts secrets before they are stored', async () => {
      const [added] = await store.add(
        ben,
        'Ben pasted his card 4111 1111 1111 1111 and said password: hunter2 while disputing INV-2026-0042 for $49.00',
        { infer: false },
      );
      const [listed] = await store.list(ben);
      for (const m of [added!, listed!]) {
        expect(m.memory).not.toContain('4111');
        expect(m.memory).not.toContain('hunter2');
        expect(m.memory).toContain('[REDACTED:card_number]');
        expect(m.memory).toContain('[REDACTED:password]');
        expect(m.memory).toContain('INV-2026-0042');
        expect(m.memory).toContain('$49.00');
      }
    });
  });
}
