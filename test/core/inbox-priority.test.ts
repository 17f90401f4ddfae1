// The inbox's ranking of a new message before its turn (core/inbox-priority.ts): by the reader's
// signals at first, then by what the customer's last turn found in memory (plan, open promises).
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';

type TestMemdesk = Awaited<ReturnType<typeof testMemdesk>>;
let m: TestMemdesk | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const from = (slackUserId: string, text: string) => ({ slackUserId, channelId: 'C0SUPPORT', text });

describe('inbox priority', () => {
  it('ranks impact and security above the ordinary before anything is known of the customer', async () => {
    m = await testMemdesk();
    expect(m.inboxPriority(from('U0FIONA', 'How do I export my reports to CSV?'))).toBe(0);
    expect(m.inboxPriority(from('U0FIONA', DEMO_MESSAGE))).toBe(0);
    expect(m.inboxPriority(from('U0FIONA', 'Production is down for all our users since 9am, nothing loads.'))).toBe(1);
    expect(m.inboxPriority(from('U0FIONA', 'Someone logged into our account from another country and changed the password!'))).toBe(1);
  });

  it('learns from a turn what memory says: an open promise makes the customer\'s billing message urgent, the plan ranks their account\'s outages', async () => {
    m = await testMemdesk();
    await m.seed(m.demoSeed(), { actor: 'test' });
    // Ben (Pro, two billing issues and a promised credit): ordinary until a turn of his has run here.
    // So is an outage without a word on impact from Ava, on his account, until its plan is known.
    const outage = 'Sync has been failing since this morning, nothing updates.';
    expect(m.inboxPriority(from('U0BEN', DEMO_MESSAGE))).toBe(0);
    expect(m.inboxPriority(from('U0AVA', outage))).toBe(0);
    const turn = await m.handleTicket({ user: 'U0BEN', message: 'How do I export my reports to CSV?' });
    expect(turn.customer_id).toBe('cust_ben');
    expect(m.inboxPriority(from('U0BEN', DEMO_MESSAGE))).toBe(2);
    // Ben's turn read the account's plan (Pro): an outage there is high, for anyone on the account.
    expect(m.inboxPriority(from('U0AVA', outage))).toBe(1);
    expect(m.inboxPriority(from('U0AVA', DEMO_MESSAGE))).toBe(0);
    // A how-to from him stays ordinary, an outage is his plan's; Fiona (Free, no history) is unaffected.
    expect(m.inboxPriority(from('U0BEN', 'How do I export my reports to CSV?'))).toBe(0);
    expect(m.inboxPriority(from('U0BEN', outage))).toBe(1);
    // Asking about what was promised, whatever the reader makes of the message, is urgent: the promise bears on it.
    expect(m.inboxPriority(from('U0BEN', 'Has the fix you promised gone out yet?'))).toBe(2);
    expect(m.inboxPriority(from('U0FIONA', DEMO_MESSAGE))).toBe(0);
  });

  it('reads the memories of a sender it does not know yet, once, and ranks their message on them', async () => {
    m = await testMemdesk();
    await m.seed(m.demoSeed(), { actor: 'test' });
    const outage = 'Sync has been failing since this morning, nothing updates.';
    // Ben's open promise and billing history make his billing message urgent before any turn of his ran.
    expect(m.inboxPriority(from('U0BEN', DEMO_MESSAGE))).toBe(0);
    const [ben, again] = await Promise.all([m.lookUpInboxPriority(from('U0BEN', DEMO_MESSAGE)), m.lookUpInboxPriority(from('U0BEN', DEMO_MESSAGE))]);
    expect([ben, again]).toEqual([2, 2]);
    expect(m.inboxPriority(from('U0BEN', DEMO_MESSAGE))).toBe(2);
    // Known now: nothing more to look up for him.
    expect(await m.lookUpInboxPriority(from('U0BEN', outage))).toBeNull();
    // Ava's own memories are read for her; her account's plan (Pro) was learned with Ben's.
    expect(m.inboxPriority(from('U0AVA', outage))).toBe(1);
    expect(await m.lookUpInboxPriority(from('U0AVA', DEMO_MESSAGE))).toBe(0);
    // Fiona (Free, no history) stays ordinary; a sender the directory does not know is not looked up.
    expect(await m.lookUpInboxPriority(from('U0FIONA', DEMO_MESSAGE))).toBe(0);
    expect(await m.lookUpInboxPriority(from('U0NOBODY', DEMO_MESSAGE))).toBeNull();
  });

  it("counts a finished turn's own issue, as its write-back will: the customer's third outage is urgent at the door, as its turn finds it", async () => {
    m = await testMemdesk();
    const outage = 'Sync has been failing since this morning, nothing updates.';
    const first = await m.handleTicket({ user: 'U0FIONA', message: outage });
    expect(first.tools_executed).toContain('store_support_outcome_memory');
    expect(m.inboxPriority(from('U0FIONA', outage))).toBe(0);
    await m.handleTicket({ user: 'U0FIONA', message: outage });
    // Two outages on record now: the next one is a repeat issue.
    expect(m.inboxPriority(from('U0FIONA', outage))).toBe(2);
    const third = await m.handleTicket({ user: 'U0FIONA', message: outage });
    expect(third.ticket.priority).toBe('urgent');
  });

  it('counts the issues of turns that ran side by side, though neither turn saw the other\'s write-back', async () => {
    m = await testMemdesk();
    const outage = 'Sync has been failing since this morning, nothing updates.';
    // Both outages are reported at once: each turn's recall predates the other's write-back.
    const both = await Promise.all([m.handleTicket({ user: 'U0FIONA', message: outage }), m.handleTicket({ user: 'U0FIONA', message: outage })]);
    for (const turn of both) expect(turn.tools_executed).toContain('store_support_outcome_memory');
    expect(both.map((t) => t.assessment.facts.prior_issues.length)).toEqual([0, 0]);
    // Two outages on record: her next one is a repeat issue at the door, as its turn finds it.
    expect(m.inboxPriority(from('U0FIONA', outage))).toBe(2);
    const third = await m.handleTicket({ user: 'U0FIONA', message: outage });
    expect(third.ticket.priority).toBe('urgent');
  });

  it("does not count a ticket's own outcome as an earlier issue of a message that follows it up, on this instance and on a fresh one", async () => {
    m = await testMemdesk({ INTAKE_WINDOW: '3600' });
    const outage = 'Sync has been failing since this morning, nothing updates.';
    const at = (ts: string) => ({ ...from('U0FIONA', outage), ts });
    await m.handleTicket({ user: 'U0FIONA', message: outage, channelId: 'C0SUPPORT', threadTs: '1764064000.000100' });
    const latest = await m.handleTicket({ user: 'U0FIONA', message: outage, channelId: 'C0SUPPORT', threadTs: '1764068000.000100' });
    expect(latest.tools_executed).toContain('store_support_outcome_memory');
    // Two outages on record: past the intake window her next one is a new ticket, and a repeat issue.
    expect(m.inboxPriority(at('1764075000.000100'))).toBe(2);
    // Within the window of her latest ticket it follows that ticket up: one earlier outage, no repeat.
    expect(m.inboxPriority(at('1764068100.000100'))).toBe(0);
    // A fresh instance on the same records finds her latest ticket in the store, with her memories.
    const fresh = await testMemdesk({ INTAKE_WINDOW: '3600', MEMDESK_DATA_DIR: m.dataDir });
    try {
      expect(await fresh.lookUpInboxPriority(at('1764068100.000100'))).toBe(0);
      expect(fresh.inboxPriority(at('1764075000.000100'))).toBe(2);
    } finally {
      await fresh.close();
    }
  });
});
