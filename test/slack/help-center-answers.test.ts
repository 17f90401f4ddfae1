// Answers from the help center over Slack's real protocols: signed Events API deliveries and signed
// block_actions payloads to the Bolt receiver on loopback, and the Web API calls memdesk makes back.
// An answered how-to carries its link and the "Was this helpful?" buttons; a stranger's click is refused
// privately; Yes resolves; a re-delivered click does nothing twice; No escalates at the plan's default
// priority with the failed article in the brief; a resolved question without an article becomes a gap
// whose draft, accepted, is a help-center article memdesk answers from next time.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

let h: SlackHarness;
let knowledgeDir: string;
beforeAll(async () => {
  // Accepting a gap writes an article: into a copy of the help center, never the repository's.
  knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-kb-'));
  cpSync('knowledge', knowledgeDir, { recursive: true });
  h = await startSlackHarness({ env: { KNOWLEDGE_DIR: knowledgeDir } });
  await h.memdesk.seed(h.memdesk.demoSeed(), {});
});
afterAll(async () => {
  await h?.close();
  rmSync(knowledgeDir, { recursive: true, force: true });
});

async function ask(user: string, text: string): Promise<{ ts: string; reply: RecordedCall }> {
  const event = messageEvent({ channel: supportChannel, user, text });
  expect((await h.send({ json: event })).status).toBe(200);
  const ts = event.event.ts as string;
  await turnDone(h.api, supportChannel, ts);
  const reply = h.api.accepted('chat.postMessage').find((c) => c.args.channel === supportChannel && c.args.thread_ts === ts)!;
  return { ts, reply };
}

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text?: { text: string } }[] };
const blocksOf = (c: RecordedCall) => (typeof c.args.blocks === 'string' ? JSON.parse(c.args.blocks) : c.args.blocks) as Block[];

let clicks = 0;
function click(o: { user: string; actionId: string; reply: RecordedCall; channel?: string }) {
  clicks += 1;
  const ts = String(o.reply.response.ts);
  const blocks = blocksOf(o.reply);
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === o.actionId)!;
  const channel = o.channel ?? supportChannel;
  return {
    type: 'block_actions',
    team: { id: 'T0MEMDESK', domain: 'memdesk-test' },
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T0MEMDESK' },
    api_app_id: 'A0MEMDESK',
    token: 'verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `1.2.${clicks}`,
    channel: { id: channel, name: 'support' },
    message: { type: 'message', user: 'U0MEMDESK', ts, text: String(o.reply.args.text), blocks },
    response_url: `${h.api.responseUrlBase}click-${clicks}`,
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'x', value: button.value, text: { type: 'plain_text', text: button.text?.text ?? '' }, action_ts: `1764064900.${clicks}` }],
  };
}
const responseTo = (payload: { response_url: string }) => waitFor(() => h.api.calls.find((c) => c.method === 'response_url' && c.args.response_url_id === payload.response_url.split('/').pop()), 'the ephemeral answer');

describe('answers from the help center in Slack', () => {
  let answered: { ts: string; reply: RecordedCall };
  let ticketId: string;

  it('answers a how-to in the thread with the article link and Yes, solved / No, I need a person', async () => {
    answered = await ask(users.ben, 'How do I rotate an API key?');
    const text = String(answered.reply.args.text);
    expect(text).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(text).toContain('1. Open the key and click *Rotate*.');
    expect(text.endsWith('More in our help center: <https://help.cobalt.example/developers/api-keys|Create, scope and rotate API keys>')).toBe(true);
    const blocks = blocksOf(answered.reply);
    const buttons = blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
    expect(buttons.map((b) => b.text?.text)).toEqual(['Yes, solved', 'No, I need a person']);
    ticketId = String(buttons[0]!.value);
    expect((await h.memdesk.tickets.get(ticketId))?.status).toBe('waiting_on_customer');
  });

  it("refuses a stranger's click privately and changes nothing", async () => {
    const updatesBefore = h.api.accepted('chat.update').length;
    const payload = click({ user: users.fiona, actionId: 'memdesk_answer_solved', reply: answered.reply });
    expect((await h.send({ interaction: payload })).status).toBe(200);
    const answer = await responseTo(payload);
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', text: 'Only Ben Carter can answer this.' });
    expect((await h.memdesk.tickets.get(ticketId))?.status).toBe('waiting_on_customer');
    expect(h.api.accepted('chat.update')).toHaveLength(updatesBefore);
    expect((await h.memdesk.operationLog.read({ ticketId })).some((op) => op.kind === 'answer_feedback')).toBe(false);
  });

  it('resolves the ticket when Ben says Yes, once even when Slack delivers the click twice', async () => {
    const payload = click({ user: users.ben, actionId: 'memdesk_answer_solved', reply: answered.reply });
    expect((await h.send({ interaction: payload })).status).toBe(200);
    const update = await waitFor(() => h.api.accepted('chat.update').find((c) => c.args.ts === answered.reply.response.ts), 'the answer updated');
    expect(JSON.stringify(update.args.blocks)).toContain('Marked solved by <@U0BEN>');
    expect(JSON.stringify(update.args.blocks)).not.toContain('memdesk_answer_solved');
    const resolved = await h.memdesk.tickets.get(ticketId);
    expect(resolved?.status).toBe('resolved');
    // Solved is resolved: Northwind's Pro resolution clock stops at the click, so it can never breach later.
    expect(resolved?.state.clocks?.resolution).toMatchObject({ stopped_at: expect.any(String) });

    expect((await h.send({ interaction: payload }, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await responseTo(payload);
    const feedback = (await h.memdesk.operationLog.read({ ticketId })).filter((op) => op.kind === 'answer_feedback');
    expect(feedback).toHaveLength(1);
    expect(feedback[0]!.detail).toMatchObject({ helpful: true, actor: users.ben, articles: ['developers/api-keys'] });
    expect(h.api.accepted('chat.update').filter((c) => c.args.ts === answered.reply.response.ts)).toHaveLength(1);
  });

  it('escalates at the plan default priority with the failed article in the brief when Ben says No', async () => {
    const second = await ask(users.ben, 'How do I set up a webhook for new tasks?');
    expect(String(second.reply.args.text)).toMatch(/More in our help center: <https:\/\/help\.cobalt\.example\/developers\/webhooks\|/);
    const payload = click({ user: users.ben, actionId: 'memdesk_answer_needs_person', reply: second.reply });
    expect((await h.send({ interaction: payload })).status).toBe(200);
    const escalation = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && String(c.args.text).includes('Ben Carter')), 'the escalation post');
    expect(String(escalation.args.text)).toMatch(/, medium priority$/); // Northwind is on Pro: medium by default
    const brief = JSON.stringify(escalation.args.blocks);
    expect(brief).toContain('https://help.cobalt.example/developers/webhooks');
    expect(brief).toContain('No, I need a person');
    // The question the answer failed, not only the press: whoever takes it reads what Ben asked.
    expect(brief).toContain('Customer asked: \\"How do I set up a webhook for new tasks?\\"');
    const thanks = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.thread_ts === second.ts && String(c.args.text).includes('passed this to our support team')), 'the reply in the thread');
    // Ben now waits on a person: the next-response clock runs from the press (Pro: 480 business minutes
    // from 09:00 in New York), and that due time is what he is told, in his account's zone.
    expect(String(thanks.args.text)).toMatch(/^Thanks, Ben\. I've passed this to our support team\. You'll hear from them by today at 5:00 PM EST\.$/);
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, second.ts))!;
    expect(ticket).toMatchObject({ status: 'escalated', priority: 'medium', sla_due_at: '2026-11-25T22:00:00.000Z' });
    expect(ticket.state.clocks?.next_response?.due_at).toBe('2026-11-25T22:00:00.000Z');

    // Staff answer in the customer's thread, then press Resolve: the question becomes a knowledge gap.
    h.api.conversations.post(supportChannel, { user: users.dana, text: 'Task webhooks need the tasks scope on the endpoint. Open Settings > Developers > Webhooks and edit the endpoint. Tick task.created and save.', thread_ts: second.ts });
    const escalationReply = { ...escalation, args: { ...escalation.args } };
    const resolve = click({ user: users.dana, actionId: 'memdesk_resolve_ticket', reply: escalationReply, channel: escalationChannel });
    expect((await h.send({ interaction: resolve })).status).toBe(200);
    await waitFor(async () => (await h.memdesk.tickets.get(ticket.ticket_id))?.status === 'resolved', 'the ticket resolved');
    const gaps = await waitFor(async () => (await h.memdesk.knowledgeGaps()).filter((g) => g.ticket_id === ticket.ticket_id).at(0), 'the gap');
    expect(gaps).toMatchObject({ reason: 'not_helpful', topic: 'developers', articles: ['developers/webhooks'], status: 'open' });
    expect(gaps.resolution).toContain('Task webhooks need the tasks scope');
    expect(gaps.draft.text).toContain('2. Tick task.created and save.');
  });

  it('turns a question no article covered into an article memdesk answers from next time', async () => {
    const question = 'How do I change the colour theme of the Gantt timeline view?';
    const first = await ask(users.ben, question);
    expect(String(first.reply.args.text)).toMatch(/^I couldn't find a help-center article that covers this, so I've passed it to our support team\. /);
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, first.ts))!;
    await h.memdesk.updateTicketStatus(ticket.ticket_id, 'resolved', { actor: users.dana, note: 'The Gantt timeline colour theme follows the project colour. Open the project, click Settings > Appearance and pick a colour. Save, and the timeline uses it at once.' });
    const gap = (await h.memdesk.knowledgeGaps()).find((g) => g.ticket_id === ticket.ticket_id)!;
    expect(gap).toMatchObject({ reason: 'no_article', status: 'open' });
    expect(gap.draft.title).toBe('How do I change the colour theme of the Gantt timeline view');

    const accepted = await h.memdesk.acceptKnowledgeGap(gap.gap_id, { actor: users.dana });
    expect(readFileSync(accepted.file, 'utf8')).toContain('1. Open the project, click Settings > Appearance and pick a colour.');
    expect((await h.memdesk.knowledgeGaps()).find((g) => g.gap_id === gap.gap_id)).toMatchObject({ status: 'accepted', accepted_as: accepted.article_id });

    const again = await ask(users.ben, 'How can I change the Gantt timeline colour theme?');
    expect(String(again.reply.args.text)).toContain(`|How do I change the colour theme of the Gantt timeline view>`);
    expect(blocksOf(again.reply).flatMap((b) => b.elements ?? []).map((e) => e.text?.text)).toContain('Yes, solved');
  });
});
