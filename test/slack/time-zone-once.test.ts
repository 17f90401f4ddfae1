// Times staff and customers read name their timezone once per message: a handoff post lists its SLA
// clocks (those still running once memdesk has replied: a handoff's reply is no response, so the
// first-response clock the customer was promised is among them) as wall clocks under one heading that names
// the account's zone, a reply names the account's zone once (by the abbreviation its people use), the
// weekly digest names UTC once above its breaches ("14:00 UTC (UTC)" three times was the old post).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSupportReport } from '../../src/insights/support-report.js';
import { digestBlocks } from '../../src/slack/digest-blocks.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';
import { escalationChannel, supportChannel, turnDone, users, startSeededSlackHarness, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const count = (text: string, word: string) => text.split(word).length - 1;

describe('a message names its time zone once', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSeededSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  async function escalate(user: string) {
    const event = messageEvent({ channel: supportChannel, user, text: DEMO_MESSAGE });
    await h.send({ json: event });
    await turnDone(h.api, supportChannel, event.event.ts as string);
    const ts = event.event.ts as string;
    const reply = h.api.accepted('chat.postMessage').find((c) => c.args.channel === supportChannel && c.args.thread_ts === ts)!;
    const handoff = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts).at(-1)!;
    return { reply: String(reply.args.text), handoff: JSON.stringify(handoff.args.blocks) };
  }

  it("in a Pro handoff: the SLA clocks under one heading naming the account's zone", { timeout: 60_000 }, async () => {
    const ben = await escalate(users.ben);
    expect(ben.handoff).toMatch(/\*SLA clocks\* \(times in America\/New_York\)\\nFirst response due \w{3} \d+ \w{3}, \d\d:\d\d\\nResolution due \w{3} \d+ \w{3}, \d\d:\d\d"/);
    expect(count(ben.handoff, 'America/New_York')).toBe(1);
    // Ben's reply gives his due time in his account's zone, named once as people name it, not by its IANA id.
    expect(count(ben.reply, 'EST')).toBe(1);
    expect(ben.reply).not.toContain('America/New_York');
    expect(count(ben.reply, 'UTC')).toBe(0);
  });

  it('in an Enterprise handoff kept in UTC: "UTC" once, not after every time', { timeout: 60_000 }, async () => {
    const elena = await escalate(users.elena);
    expect(elena.handoff).toMatch(/\*SLA clocks\* \(times in UTC\)\\nFirst response due Wed 25 Nov, 14:00\\nResolution due Thu 26 Nov, 10:00"/);
    // The time staff see is the one Elena was promised.
    expect(elena.reply).toContain('14:00');
    expect(count(elena.handoff, 'UTC')).toBe(1);
    expect(count(elena.reply, 'UTC')).toBe(1);
  });
});

describe('the weekly digest', () => {
  it('names UTC once above its breaches', async () => {
    const m = await testMemdesk();
    try {
      const now = m.clock.now();
      const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
      const empty = buildSupportReport(await m.report.read({ since, now: now.toISOString() }), { since, now });
      const breach = { account_id: 'acct_globex', plan: 'enterprise', clock: 'resolution' as const, stopped_at: null };
      const report = { ...empty, breaches: [{ ...breach, ticket_id: 'tkt_a', due_at: '2026-11-24T10:00:00.000Z' }, { ...breach, ticket_id: 'tkt_b', due_at: '2026-11-24T16:30:00.000Z' }] };
      const text = JSON.stringify(digestBlocks({ report, gaps: [], since, until: now.toISOString() }).blocks);
      expect(text).toContain('*SLA breaches (2)* (times in UTC)');
      expect(text).toContain('resolution due 2026-11-24 10:00, still running');
      expect(text).toContain('resolution due 2026-11-24 16:30, still running');
      expect(count(text, 'UTC')).toBe(1);
    } finally {
      await m.cleanup();
    }
  });
});
