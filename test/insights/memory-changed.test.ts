// "Memory changed the action" on the demo's tickets: the same message from three customers, read
// with the seeded memories and compared with what the rules give it with nothing remembered. Ben's
// (an open promise of a credit) and Elena's (Enterprise: escalated at once, and her CSM told) change;
// Fiona's does not. The report counts exactly those tickets, with their reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { DEMO_CUSTOMERS, DEMO_MESSAGE } from '../../src/demo.js';
import { buildSupportReport } from '../../src/insights/support-report.js';
import { testMemdesk } from '../support/memdesk-env.js';

describe('memory changed the action', () => {
  let memdesk: Memdesk & { cleanup(): Promise<void> };
  const tickets: Record<string, string> = {};
  beforeAll(async () => {
    memdesk = await testMemdesk();
    // Baseline first, as the demo runs it: nothing remembered, nothing can have changed.
    const baseline = await memdesk.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    tickets.baseline = baseline.ticket_id;
    await memdesk.seed(memdesk.demoSeed(), {});
    for (const customer of DEMO_CUSTOMERS) tickets[customer] = (await memdesk.handleTicket({ user: customer, message: DEMO_MESSAGE })).ticket_id;
  }, 60_000);
  afterAll(async () => {
    await memdesk?.cleanup();
  });

  const reasonsOf = async (ticketId: string) => (await memdesk.operationLog.read({ ticketId, kinds: ['memory_changed_action'] })).flatMap((e) => e.detail.reasons);

  it('records why for Ben and Elena, and nothing for Fiona or a turn with nothing remembered', async () => {
    expect(await reasonsOf(tickets.cust_ben!)).toEqual(expect.arrayContaining([expect.stringMatching(/^open promise: /)]));
    const elena = await reasonsOf(tickets.cust_elena!);
    expect(elena.length).toBeGreaterThan(0);
    expect(elena.some((r) => /^priority: |^CSM notice: |escalates/.test(r))).toBe(true);
    expect(await reasonsOf(tickets.cust_fiona!)).toEqual([]);
    expect(await reasonsOf(tickets.baseline!)).toEqual([]);
  });

  it('counts no CSM notice that was never sent: an answered how-to from an account whose renewal is near', async () => {
    // Elena's account renews within the CSM window, but a question the help center answers goes to
    // nobody: no escalation and no CSM notice with memory, none without. Memory changed nothing.
    const howTo = await memdesk.handleTicket({ user: 'cust_elena', message: 'How do I export all my invoices as PDF files?' });
    expect(howTo.tools_executed).toContain('answer_customer');
    expect(howTo.tools_executed).not.toContain('notify_customer_success_manager');
    expect(await reasonsOf(howTo.ticket_id)).toEqual([]);
  });

  it('the report counts those tickets and groups their reasons', async () => {
    const now = memdesk.clock.now();
    const since = new Date(now.getTime() - 86_400_000).toISOString();
    const report = buildSupportReport(await memdesk.report.read({ since, now: now.toISOString() }), { since, now });
    // The baseline, the three demo tickets and Elena's how-to: Ben's and Elena's escalations changed.
    expect(report.tickets).toBe(5);
    expect(report.memory_changed_rate).toBe(0.4);
    expect(report.memory_reasons).toContainEqual({ reason: 'open promise', tickets: 1 });
  });
});
