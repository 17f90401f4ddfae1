import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Memdesk } from '../../src/memdesk.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';

let open: (Memdesk & { cleanup(): Promise<void> })[] = [];
async function fresh(extra: Record<string, string> = {}) {
  const m = await testMemdesk(extra);
  open.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(open.map((m) => m.cleanup()));
  open = [];
});

describe('the before/after experiment through the loop', () => {
  // Outcomes must hold on any date from 2026-06-01 to 2027-04-01.
  for (const now of ['2026-06-01T09:00:00Z', '2026-11-25T10:00:00Z', '2027-04-01T16:00:00Z']) {
    it(`baseline asks everyone for the invoice; seeded memory changes the action (${now.slice(0, 10)})`, async () => {
      const m = await fresh({ MEMDESK_NOW: now });
      for (const user of ['cust_fiona', 'cust_ben', 'cust_elena']) {
        const o = await m.handleTicket({ user, message: DEMO_MESSAGE, memoryEnabled: false });
        expect(o.tools_executed).toEqual(['ask_for_missing_info']);
        expect(o.customer_response).toMatch(/invoice ID/);
        expect(o.ticket.status).toBe('waiting_on_customer');
      }
      // baseline wrote nothing back
      expect(await m.memory.list({ kind: 'customer', id: 'cust_ben' })).toHaveLength(0);

      await m.seed(m.demoSeed(), { actor: 'test' });
      const fiona = await m.handleTicket({ user: 'cust_fiona', message: DEMO_MESSAGE });
      expect(fiona.tools_executed).toEqual(['ask_for_missing_info']);

      const ben = await m.handleTicket({ user: 'U0BEN', message: DEMO_MESSAGE });
      expect(ben.tools_executed).toEqual(['create_escalation_ticket', 'store_support_outcome_memory']);
      expect(ben.ticket).toMatchObject({ status: 'escalated', priority: 'urgent' });
      expect(ben.handoff_brief).toContain('2026-04-12');
      expect(ben.handoff_brief).toContain('2026-05-20');
      expect(ben.handoff_brief).toMatch(/manual credit/);
      expect(ben.ticket.sla_due_at).not.toBeNull();

      const elena = await m.handleTicket({ user: 'cust_elena', message: DEMO_MESSAGE });
      expect(elena.tools_executed).toEqual(['create_escalation_ticket', 'notify_customer_success_manager', 'store_support_outcome_memory']);
      expect(['high', 'urgent']).toContain(elena.ticket.priority);
      const csm = elena.tool_calls.find((c) => c.name === 'notify_customer_success_manager');
      expect((csm?.args as { csm_name: string } | undefined)?.csm_name).toBe('Dana Lee');
      // the customer never reads internal reasons
      for (const o of [ben, elena]) expect(o.customer_response).not.toMatch(/risk|churn|renew/i);

      // records behind every claimed action
      expect(await m.tickets.escalationsFor(ben.ticket_id)).toHaveLength(1);
      expect(await m.tickets.csmNoticesFor(elena.ticket_id)).toMatchObject([{ csm_name: 'Dana Lee', account_id: 'acct_globex' }]);
      const ops = await m.operationLog.read({ traceId: ben.trace_id });
      expect(ops.map((o) => o.kind)).toEqual(
        expect.arrayContaining(['ticket_received', 'memory_retrieved', 'decision_proposed', 'tool_executed', 'ticket_finalized']),
      );

      // the outcome written back is what the next ticket sees
      const again = await m.handleTicket({ user: 'cust_ben', message: 'Any news on my double charge?' });
      expect(again.retrieved.customer.map((r) => r.memory).join('\n')).toContain(ben.ticket_id);
    });
  }
});

describe('ticket memory', () => {
  it('a follow-up with the invoice ID continues the ticket and leads to the next action, never asking twice', async () => {
    const m = await fresh();
    await m.seed(m.demoSeed(), {});
    const first = await m.handleTicket({ user: 'cust_fiona', message: DEMO_MESSAGE });
    expect(first.tools_executed).toEqual(['ask_for_missing_info']);
    const second = await m.handleTicket({ user: 'cust_fiona', ticketId: first.ticket_id, message: "Sure, it's INV-2026-0042" });
    expect(second.ticket_id).toBe(first.ticket_id);
    expect(second.tools_executed).not.toContain('ask_for_missing_info');
    expect(second.tools_executed).toContain('create_escalation_ticket');
    expect(second.ticket.state.fields.invoice_id).toBe('INV-2026-0042');
    expect(second.handoff_brief).toContain('INV-2026-0042');
    expect((await m.tickets.list()).length).toBe(1);
  });

  it('refuses to continue another customer\'s ticket', async () => {
    const m = await fresh();
    const first = await m.handleTicket({ user: 'cust_fiona', message: DEMO_MESSAGE });
    await expect(m.handleTicket({ user: 'cust_ben', ticketId: first.ticket_id, message: 'INV-1' })).rejects.toThrow(/another customer/);
  });
});

describe('bad input', () => {
  it('an empty or whitespace message is a clear error and makes no ticket', async () => {
    const m = await fresh();
    await expect(m.handleTicket({ user: 'cust_ben', message: '   \n ' })).rejects.toMatchObject({ code: 'ticket_input' });
    await expect(m.handleTicket({ user: 'cust_ben', message: '' })).rejects.toThrow(/empty/);
    expect(await m.tickets.list()).toHaveLength(0);
  });

  it('a 40,000-character message is handled: cut for the decision, stored whole', async () => {
    const m = await fresh();
    const long = `I was charged twice. ${'x'.repeat(40_000 - 21)}`;
    const o = await m.handleTicket({ user: 'cust_ben', message: long });
    expect(o.tools_executed.length).toBeGreaterThan(0);
    expect((await m.tickets.get(o.ticket_id))!.message).toHaveLength(40_000);
  });

  it('an unknown sender gets an isolated scope, is asked who they are, and never sees another customer\'s memory', async () => {
    const m = await fresh();
    await m.seed(m.demoSeed(), {});
    const o = await m.handleTicket({ user: 'U0STRANGER', message: DEMO_MESSAGE });
    expect(o.customer_id).toBe('unknown_U0STRANGER');
    expect(o.account_id).toBe('unknown_U0STRANGER');
    expect(o.retrieved.customer).toEqual([]);
    expect(o.retrieved.account).toEqual([]);
    expect(o.tools_executed).toEqual(['ask_for_missing_info']);
    expect(o.customer_response).toMatch(/company/);
    expect(o.customer_response).not.toMatch(/Ben|Northwind|credit|Globex/);
  });

  it('a missing data dir is created', async () => {
    const m = await fresh();
    expect(existsSync(join(m.dataDir, 'memory.db'))).toBe(true);
    expect(existsSync(join(m.dataDir, 'records.db'))).toBe(true);
  });
});

describe('follow-ups on an escalated ticket', () => {
  it('are added to the ticket, not escalated or remembered a second time', async () => {
    const m = await fresh();
    await m.seed(m.demoSeed(), {});
    const first = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(first.ticket.status).toBe('escalated');
    const memories = (await m.memory.list({ kind: 'customer', id: 'cust_ben' })).length;
    for (const text of ['Any update on the double charge?', 'Still waiting, it was charged twice.']) {
      const again = await m.handleTicket({ user: 'cust_ben', ticketId: first.ticket_id, message: text });
      expect(again.tools_executed).toEqual(['answer_customer']);
      expect(again.ticket.status).toBe('escalated');
      expect(again.customer_response).toMatch(/already with our billing team/);
    }
    expect(await m.tickets.escalationsFor(first.ticket_id)).toHaveLength(1);
    expect(await m.memory.list({ kind: 'customer', id: 'cust_ben' })).toHaveLength(memories);
  });
});

describe('what a turn hands back', () => {
  it('carries the identity, the records it made, who decided and the assessment, and writes the ticket row at most twice', async () => {
    const m = await fresh();
    await m.seed(m.demoSeed(), {});
    const writes: string[] = [];
    const { create, update } = m.tickets;
    m.tickets.create = (t) => (writes.push('create'), create(t));
    m.tickets.update = (id, patch) => (writes.push('update'), update(id, patch));

    const elena = await m.handleTicket({ user: 'cust_elena', message: DEMO_MESSAGE });
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(elena.identity).toMatchObject({ customer_id: 'cust_elena', account_id: 'acct_globex', resolved_by: 'directory' });
    expect(elena.decided_by).toBe('policy');
    expect(elena.reading).toMatchObject({ issue_type: 'billing', language: 'en', pleasantry_only: false });
    expect(elena.assessment).toMatchObject({ issue_type: 'billing', action: 'escalate', priority: elena.ticket.priority });
    // the records as the tools wrote them, the same the store holds
    expect(elena.escalation).toEqual((await m.tickets.escalationsFor(elena.ticket_id))[0]);
    expect(elena.csm_notice).toEqual((await m.tickets.csmNoticesFor(elena.ticket_id))[0]);
    expect(elena.csm_notice).toMatchObject({ csm_name: 'Dana Lee' });

    writes.length = 0;
    const followUp = await m.handleTicket({ user: 'cust_elena', ticketId: elena.ticket_id, message: 'Any update?' });
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(followUp.escalation).toBeNull();
    expect(followUp.csm_notice).toBeNull();
    expect(followUp.ticket.state.turns).toBe(2);
  });

  it('hands back its outcome only once every record of the turn is durable, and fails if one could not be written', async () => {
    const m = await fresh();
    await m.seed(m.demoSeed(), {});
    const ben = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    // Another connection sees only committed rows: the last record too, the moment the outcome is back.
    const other = new Database(join(m.dataDir, 'records.db'), { readonly: true });
    try {
      const kinds = other.prepare('SELECT kind FROM operation_log WHERE trace_id = ? ORDER BY seq').all(ben.trace_id).map((r) => (r as { kind: string }).kind);
      expect(kinds[0]).toBe('ticket_received');
      expect(kinds).toContain('tool_executed');
      expect(kinds.at(-1)).toBe('ticket_finalized');
    } finally {
      other.close();
    }

    const append = m.operationLog.append.bind(m.operationLog);
    m.operationLog.append = async (entry) => {
      if (entry.kind === 'memory_retrieved') throw new Error('disk I/O error');
      return append(entry);
    };
    await expect(m.handleTicket({ user: 'cust_elena', message: DEMO_MESSAGE })).rejects.toThrow('disk I/O error');
  });

  it('takes the identity a front door already resolved instead of resolving the sender again', async () => {
    const m = await fresh();
    const asked: unknown[] = [];
    const resolve = m.directory.resolve.bind(m.directory);
    m.directory.resolve = (q) => (asked.push(q), resolve(q));
    const identity = resolve({ slackUserId: 'U0BEN' });
    const o = await m.handleTicket({ user: 'U0BEN', message: DEMO_MESSAGE, identity });
    expect(o.identity).toEqual(identity);
    expect(asked).toEqual([]);
  });
});
