// The demo through Slack: staff seed memory with /seed-memory demo, then Fiona (Free), Ben (Pro) and
// Elena (Enterprise) post the same message. Each gets a threaded reply; Ben and Elena are escalated
// to the escalation channel; Elena's CSM is told in the escalation's thread. Then Ben follows up in
// his thread (same ticket), and staff take and resolve his escalation with the buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import type { RecordedCall } from '../support/slack-api-server.js';
import { callsFor, escalationChannel, startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness, escalationButtonClick } from './harness.js';
import { messageEvent, slashCommandBody } from './samples.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

const summary = (c: RecordedCall) => ({
  method: c.method,
  ...(c.args.name ? { name: c.args.name } : {}),
  ...(c.args.channel ? { channel: c.args.channel } : {}),
  ...(c.args.thread_ts ? { thread_ts: c.args.thread_ts } : {}),
});

async function post(user: string, text: string, extra: { thread_ts?: string } = {}) {
  const event = messageEvent({ channel: supportChannel, user, text, ...extra });
  const res = await h.send({ json: event });
  expect(res.status).toBe(200);
  return event.event.ts as string;
}

function escalationPosts() {
  return h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel && !c.args.thread_ts);
}

describe('the demo through Slack', () => {
  const ticketTs: Record<string, string> = {};

  it('serves /healthz', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(await res.json()).toEqual({ ok: true, decider: 'policy', model: null, memory: 'local', memory_index: 'current', store: 'sqlite' });
  });

  it('lets staff seed the demo memories with /seed-memory demo', async () => {
    const body = slashCommandBody({ command: '/seed-memory', text: 'demo', user: users.dana, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}seed-demo` });
    expect((await h.send(body)).status).toBe(200);
    const reply = await waitFor(() => h.api.calls.find((c) => c.args.response_url_id === 'seed-demo'), 'the /seed-memory reply');
    expect(reply.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.args.text)).toMatch(/Seeded the demo memories: 7 new of 7/);
    expect(await h.memdesk.memory.list({ kind: 'account', id: 'acct_globex' })).toHaveLength(3);
  });

  it('answers Fiona (Free) in her thread without escalating', async () => {
    const ts = (ticketTs.fiona = await post(users.fiona, DEMO_MESSAGE));
    await turnDone(h.api, supportChannel, ts);
    const calls = callsFor(h.api, supportChannel, ts).map(summary);
    expect(calls).toEqual([
      { method: 'reactions.add', name: 'eyes', channel: supportChannel },
      { method: 'chat.postMessage', channel: supportChannel, thread_ts: ts },
      { method: 'reactions.add', name: 'white_check_mark', channel: supportChannel },
    ]);
    expect(escalationPosts()).toHaveLength(0);
  });

  it("escalates Ben (Pro, charged twice before) with a brief that cites what memdesk remembered", async () => {
    const before = h.api.calls.length;
    const ts = (ticketTs.ben = await post(users.ben, DEMO_MESSAGE));
    await turnDone(h.api, supportChannel, ts);
    const benCalls = h.api.calls.slice(before).filter((c) => c.method !== 'response_url');
    // The note for issue 6 lists exactly these; the thread is read right before the reply (did a person answer first?).
    expect(benCalls.map(summary)).toEqual([
      { method: 'reactions.add', name: 'eyes', channel: supportChannel },
      { method: 'conversations.replies', channel: supportChannel },
      { method: 'chat.postMessage', channel: supportChannel, thread_ts: ts },
      { method: 'chat.getPermalink', channel: supportChannel },
      { method: 'chat.postMessage', channel: escalationChannel },
      { method: 'reactions.add', name: 'white_check_mark', channel: supportChannel },
    ]);
    if (process.env.SHOW_SLACK_CALLS) console.log(JSON.stringify(benCalls, null, 2));
    const reply = benCalls[2]?.args.text as string;
    expect(reply).toMatch(/Ben/);
    const escalation = benCalls[4]?.args as { text: string; blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { action_id?: string; text?: unknown }[] }[] };
    const flat = JSON.stringify(escalation.blocks);
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts);
    expect(ticket).toMatchObject({ customer_id: 'cust_ben', status: 'escalated', priority: 'urgent', slack_channel: supportChannel });
    expect(flat).toContain(ticket?.ticket_id);
    expect(flat).toContain('Ben Carter (cust_ben)');
    expect(flat).toContain('Northwind Traders (acct_northwind)');
    expect(flat).toContain('urgent');
    expect(flat).toContain('charged twice for the Pro subscription'); // a memory that changed the action
    expect(flat).toContain(`https://memdesk-test.slack.com/archives/${supportChannel}/p${ts.replace('.', '')}`);
    const buttons = escalation.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(buttons).toEqual(['memdesk_take_ticket', 'memdesk_resolve_ticket']);
  });

  it('escalates Elena (Enterprise) and tells her CSM in the escalation thread', async () => {
    const ts = (ticketTs.elena = await post(users.elena, DEMO_MESSAGE));
    await turnDone(h.api, supportChannel, ts);
    const escalation = escalationPosts().find((c) => JSON.stringify(c.args.blocks).includes('Elena Ruiz'));
    expect(escalation).toBeDefined();
    const escalationTs = escalationTsOf(escalation as RecordedCall);
    const notice = h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && c.args.thread_ts === escalationTs);
    expect(notice?.args.text).toMatch(/^<@U0DANA> CSM notice for \*Globex Corporation\*/);
  });

  it("continues Ben's ticket when he replies in its thread, and ignores his thanks", async () => {
    const ts = ticketTs.ben as string;
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ts);
    const replyTs = await post(users.ben, 'Any update on the double charge?', { thread_ts: ts });
    await turnDone(h.api, supportChannel, replyTs);
    const threadReplies = h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    expect(threadReplies).toHaveLength(2);
    const tickets = (await h.memdesk.tickets.list()).filter((t) => t.customer_id === 'cust_ben');
    expect(tickets).toHaveLength(1);
    expect((await h.memdesk.tickets.get(ticket?.ticket_id ?? ''))?.state.turns).toBe(2);

    const thanksTs = await post(users.ben, 'thanks! :pray:', { thread_ts: ts });
    const staffTs = await post(users.sam, "I'm on it, Ben", { thread_ts: ts });
    // A later turn that finishes proves the two above were read and dropped, not still pending.
    const laterTs = await post(users.fiona, 'Where can I download my invoices?');
    await turnDone(h.api, supportChannel, laterTs);
    expect(callsFor(h.api, supportChannel, thanksTs)).toEqual([]);
    expect(callsFor(h.api, supportChannel, staffTs)).toEqual([]);
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(2);
  });

  it("lets staff take and then resolve Ben's escalation with the buttons", async () => {
    const escalation = escalationPosts().find((c) => JSON.stringify(c.args.blocks).includes('Ben Carter')) as RecordedCall;
    const escalationTs = escalationTsOf(escalation);
    const ticketId = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === ticketTs.ben)?.ticket_id as string;

    let blocks = escalation.args.blocks;
    for (const [actionId, status, line] of [
      ['memdesk_take_ticket', 'escalated', 'Taken by <@U0DANA>'],
      ['memdesk_resolve_ticket', 'resolved', 'Resolved by <@U0DANA>'],
    ] as const) {
      const updatesBefore = h.api.accepted('chat.update').length;
      const res = await h.send({ interaction: escalationButtonClick({ actionId, ticketId, blocks, messageTs: escalationTs, responseUrl: `${h.api.responseUrlBase}${actionId}` }) });
      expect(res.status).toBe(200);
      const update = await waitFor(() => h.api.accepted('chat.update')[updatesBefore], `chat.update after ${actionId}`);
      expect(update.args).toMatchObject({ channel: escalationChannel, ts: escalationTs });
      expect(JSON.stringify(update.args.blocks)).toContain(line);
      expect((await h.memdesk.tickets.get(ticketId))?.status).toBe(status);
      blocks = update.args.blocks;
    }
    expect(JSON.stringify(blocks)).not.toContain('memdesk_take_ticket');
    expect(JSON.stringify(blocks)).not.toContain('memdesk_resolve_ticket');
    const memories = await h.memdesk.memory.list({ kind: 'customer', id: 'cust_ben' });
    expect(memories.some((m) => m.memory.includes(ticketId) && m.memory.includes('resolved'))).toBe(true);
  });

  it('shows staff what memdesk remembers with /memory @user', async () => {
    const body = slashCommandBody({ command: '/memory', text: '<@U0BEN|ben>', user: users.dana, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}memory-ben` });
    await h.send(body);
    const reply = await waitFor(() => h.api.calls.find((c) => c.args.response_url_id === 'memory-ben'), 'the /memory reply');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(reply.args.text).toContain('*Ben Carter (cust_ben)*');
    expect(reply.args.text).toContain('Refunded the duplicate charge');
    expect(reply.args.text).toContain('*Northwind Traders (acct_northwind)*');
    expect(reply.args.text).toContain('Pro plan');
  });

  it('adds one exact fact with /seed-memory @user and /seed-memory account', async () => {
    const seed = async (text: string, id: string) => {
      await h.send(slashCommandBody({ command: '/seed-memory', text, user: users.dana, channel: supportChannel, responseUrl: `${h.api.responseUrlBase}${id}` }));
      return waitFor(() => h.api.calls.find((c) => c.args.response_url_id === id), id);
    };
    expect((await seed('<@U0FIONA|fiona> Prefers answers by email & short.', 'seed-fiona')).args.text).toMatch(/^Saved for Fiona Park/);
    expect((await seed('account acct_fiona_studio Upgrading to Pro in January.', 'seed-acct')).args.text).toMatch(/^Saved for Fiona Studio/);
    expect((await h.memdesk.memory.list({ kind: 'customer', id: 'cust_fiona' })).map((m) => m.memory)).toContain('Prefers answers by email & short.');
    expect((await h.memdesk.memory.list({ kind: 'account', id: 'acct_fiona_studio' })).map((m) => m.memory)).toContain('Upgrading to Pro in January.');
  });
});

/** The ts Slack gave a recorded post. */
function escalationTsOf(post: RecordedCall): string {
  return String(post.response.ts);
}

