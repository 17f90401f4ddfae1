// A customer who still cannot sign in after memdesk's reset steps, through signed Slack requests:
// what they see in the thread and what the escalation channel gets. One person locked out is an access
// problem that a person now takes (the access answer promised "I'll get a person on it"), not an outage
// escalated to engineering, whether it is a follow-up or a first message; a whole team locked out stays an outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/emulator/conversations.js';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

describe('a sign-in follow-up in the thread', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function say(user: string, text: string, threadTs?: string): Promise<string> {
    const stored = h.api.conversations.post(supportChannel, { user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const envelope = messageEvent({ channel: supportChannel, user, text, ts: stored.ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
    if (stored.parent_user_id) envelope.event.parent_user_id = stored.parent_user_id;
    expect((await h.send({ json: envelope })).status).toBe(200);
    await turnDone(h.api, supportChannel, stored.ts);
    return stored.ts;
  }
  const botPostsIn = (threadTs: string): SlackMessage[] => h.api.conversations.replies(supportChannel, threadTs).filter((m) => m.bot_id && m.ts !== threadTs);
  const escalationPosts = (ticketId: string) => h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? c.args.text).includes(ticketId));

  it("hands \"that didn't work, still can't log in\" after the reset steps to a person as access, not an outage", async () => {
    const first = await say(users.fiona, 'I forgot my password, how do I reset it?');
    const [answer] = botPostsIn(first);
    expect(answer!.text).toContain('Forgot password');
    const ticketId = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === first)!.ticket_id;

    await say(users.fiona, "that didn't work, still can't log in", first);
    const replies = botPostsIn(first);
    expect(replies).toHaveLength(2);
    // Not the same steps again, and not engineering's outage wording: a person on the support team.
    expect(replies[1]!.text).not.toContain('Forgot password');
    expect(replies[1]!.text).toContain('support team');
    expect(replies[1]!.text).not.toContain('engineering');
    const ticket = (await h.memdesk.tickets.get(ticketId))!;
    expect(ticket).toMatchObject({ issue_type: 'access', status: 'escalated' });
    const [post] = escalationPosts(ticketId);
    expect(JSON.stringify(post!.args)).not.toMatch(/outage/i);
    expect(JSON.stringify(post!.args)).toContain('the reset steps did not help');
  });

  it("answers a first message \"that didn't work, still can't log in\" with the reset steps, not as an outage", async () => {
    const first = await say(users.elena, "that didn't work, still can't log in");
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === first)!;
    expect(ticket.issue_type).toBe('access');
    expect(botPostsIn(first)[0]!.text).toContain('Forgot password');
    expect(escalationPosts(ticket.ticket_id)).toEqual([]);
  });

  it('still escalates a whole team locked out as an outage', async () => {
    const first = await say(users.ben, 'Everyone on our team gets an error when logging in since this morning');
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === first)!;
    expect(ticket.issue_type).toBe('outage');
    expect(botPostsIn(first)[0]!.text).toContain('engineering');
  });
});
