// The inbox ranks a customer's top-level message before its turn, and a repeat issue ranks first. A
// message that follows up the customer's own open ticket (it joins that ticket: intake) is not a repeat
// of it: the ticket's own outcome memory is no earlier issue, at the inbox's door as in the turn. Fiona
// (one how-to on record) has a how-to ticket answered; while the one worker slot is busy, Elena asks
// something ordinary and then Fiona follows her ticket up at the top level: Elena, who waited first,
// is answered first. Observed as the customers see it: the replies' order in the local Web API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGeminiSimulator, type GeminiSimulator } from '../support/gemini-simulator.js';
import { postInSupport, threadReplies } from './ask-in-support.js';
import { startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const SLOW = 'slowly';
let model: GeminiSimulator;
beforeAll(async () => {
  // The blocking ticket's model calls take 1.5 s each, so the one worker slot stays busy while the rest arrive.
  model = await startGeminiSimulator({ latencyMs: (message) => (message.includes(SLOW) ? 1_500 : 0) });
});
afterAll(async () => {
  await model?.close();
});

describe("a follow-up of the customer's own ticket, waiting in the inbox", () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is not ranked as a repeat of that ticket, so it does not go ahead of a message that waited longer', { timeout: 60_000 }, async () => {
    h = await startSlackHarness({
      env: { DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: model.baseUrl, GEMINI_MODEL: 'gemini-test', WORKER_CONCURRENCY: '1', INTAKE_WINDOW: '3600', INTAKE_QUIET_MS: '0' },
    });
    // One earlier how-to of Fiona's, as an earlier ticket's write-back leaves it (two would make a repeat).
    await h.memdesk.seed(
      [
        {
          scope: 'customer',
          id: 'cust_fiona',
          text: 'On 2026-10-02 Fiona Park reported a how to issue ("How do I invite a teammate to my workspace?"); answered (ticket tkt_earlier_invite).',
          metadata: { issue_type: 'how_to', status: 'resolved', ticket_id: 'tkt_earlier_invite', date: '2026-10-02' },
        },
      ],
      { actor: 'test' },
    );
    const asked = await postInSupport(h, users.fiona, 'How do I set up a webhook for new tasks?');
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, asked))!;
    // Her answer's write-back is in her memory, under this ticket: a second how-to on record, but this ticket's own.
    expect((await h.memdesk.memory.list({ kind: 'customer', id: 'cust_fiona' })).some((m) => m.metadata.ticket_id === ticket.ticket_id)).toBe(true);

    // Ben's slow ticket holds the one slot; Elena's question arrives, then Fiona's follow-up at the top level.
    const blocker = messageEvent({ channel: supportChannel, user: users.ben, text: `Our reports load ${SLOW}, can you check?` });
    expect((await h.send({ json: blocker })).status).toBe(200);
    await waitFor(() => h!.api.calls.some((c) => c.method === 'reactions.add' && c.args.name === 'eyes' && c.args.timestamp === blocker.event.ts), 'the first turn to start');
    const elena = messageEvent({ channel: supportChannel, user: users.elena, text: 'How do I download my invoices?' });
    const followUp = messageEvent({ channel: supportChannel, user: users.fiona, text: 'How do I set up the webhook so it fires for new tasks in every project?' });
    for (const e of [elena, followUp]) expect((await h.send({ json: e })).status).toBe(200);
    for (const e of [blocker, elena, followUp]) await turnDone(h.api, supportChannel, e.event.ts as string);

    // The follow-up joined her ticket: answered in its thread, no ticket of its own.
    expect(await h.memdesk.tickets.byThread(supportChannel, followUp.event.ts as string)).toBeUndefined();
    const followUpReply = threadReplies(h, asked)[1];
    expect(followUpReply).toBeDefined();
    // Elena waited first and was answered first.
    const elenaReply = threadReplies(h, elena.event.ts as string)[0];
    expect(elenaReply).toBeDefined();
    expect(elenaReply!.at).toBeLessThan(followUpReply!.at);
  });
});
