// Urgent tickets first: a message that reads as urgent (production down for everyone), or that is
// urgent because of who sent it (a customer with an open promise, known only from memory), accepted
// after a burst of ordinary ones while every worker slot is busy, is answered before them. Observed
// as the customer sees it: the replies' order in the local Web API. On SQLite and on PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGeminiSimulator, type GeminiSimulator } from '../support/gemini-simulator.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';

const SLOW = 'slowly';
/** A message whose model calls take 0.2 s each: a queue of them keeps a slot busy for seconds. */
const STEADY = 'by the way';
let model: GeminiSimulator;
beforeAll(async () => {
  // The first ticket's model calls take 1.5 s each, so the one worker slot stays busy while the rest arrive.
  model = await startGeminiSimulator({ latencyMs: (message) => (message.includes(SLOW) ? 1_500 : message.includes(STEADY) ? 200 : 0) });
});
afterAll(async () => {
  await model?.close();
});

const env = () => ({
  DECIDER: 'gemini',
  GEMINI_API_KEY: 'test-key',
  GEMINI_BASE_URL: model.baseUrl,
  GEMINI_MODEL: 'gemini-test',
  WORKER_CONCURRENCY: '1',
  // Each top-level message is a ticket of its own, even from one customer.
  INTAKE_WINDOW: '0',
  INTAKE_QUIET_MS: '0',
});

/** When the first reply in the message's thread was posted. */
const replyAt = (h: SlackHarness, ts: string) => h.api.accepted('chat.postMessage').find((c) => c.args.thread_ts === ts)?.at ?? Infinity;

const outage = { user: users.ben, text: 'Production is down for all our users since 9am, nothing loads.' };

async function urgentAfterBurst(h: SlackHarness, last = outage): Promise<void> {
  const blocker = messageEvent({ channel: supportChannel, user: users.elena, text: `Our reports load ${SLOW}, can you check?` });
  expect((await h.send({ json: blocker })).status).toBe(200);
  await waitFor(() => h.api.calls.some((c) => c.method === 'reactions.add' && c.args.name === 'eyes' && c.args.timestamp === blocker.event.ts), 'the first turn to start');

  const ordinary = ['How do I download my invoices?', 'Can I change my billing email?', 'Where do I find my receipts?', 'How do I add a teammate?', 'Can I rename my workspace?'].map((text) =>
    messageEvent({ channel: supportChannel, user: users.fiona, text }),
  );
  const urgent = messageEvent({ channel: supportChannel, user: last.user, text: last.text });
  for (const e of [...ordinary, urgent]) expect((await h.send({ json: e })).status).toBe(200);

  for (const e of [blocker, ...ordinary, urgent]) await turnDone(h.api, supportChannel, e.event.ts as string);
  const urgentReply = replyAt(h, urgent.event.ts as string);
  expect(urgentReply).toBeLessThan(Infinity);
  // Sent last, answered first once the slot freed: before every ordinary ticket that arrived ahead of it.
  for (const e of ordinary) expect(urgentReply).toBeLessThan(replyAt(h, e.event.ts as string));
  // The ordinary ones kept their arrival order among themselves.
  const ordinaryReplies = ordinary.map((e) => replyAt(h, e.event.ts as string));
  expect(ordinaryReplies).toEqual([...ordinaryReplies].sort((a, b) => a - b));
}

describe('urgent first, on SQLite', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answers an urgent message accepted after a burst of ordinary ones before them', { timeout: 60_000 }, async () => {
    h = await startSlackHarness({ env: env() });
    await urgentAfterBurst(h);
  });

  it('answers first a billing message that only its sender\'s memories make urgent, though no turn of theirs has run yet', { timeout: 60_000 }, async () => {
    h = await startSlackHarness({ env: env() });
    // Ben has two billing issues and a promised credit on record: his double charge is urgent.
    await h.memdesk.seed(h.memdesk.demoSeed(), { actor: 'test' });
    await urgentAfterBurst(h, { user: users.ben, text: DEMO_MESSAGE });
    const ben = (await h.memdesk.tickets.list()).find((t) => t.message === DEMO_MESSAGE);
    expect(ben?.priority).toBe('urgent');
  });

  it('answers first a message its sender\'s own earlier turn made urgent while it waited', { timeout: 60_000 }, async () => {
    h = await startSlackHarness({ env: env() });
    // Ben (Pro) has one billing issue on record: his next one is not a repeat yet, so it is not urgent.
    const [pro, firstIssue] = h.memdesk.demoSeed().filter((m) => m.id === 'acct_northwind' || m.text.startsWith('On 2026-04-12 Ben'));
    await h.memdesk.seed([pro!, firstIssue!], { actor: 'test' });
    // His first billing ticket holds the one slot; while it runs, a queue of ordinary tickets and his second billing message arrive.
    const first = messageEvent({ channel: supportChannel, user: users.ben, text: `The invoice INV-2026-0042 shows the wrong amount, and the billing page loads ${SLOW}.` });
    expect((await h.send({ json: first })).status).toBe(200);
    await waitFor(() => h!.api.calls.some((c) => c.method === 'reactions.add' && c.args.name === 'eyes' && c.args.timestamp === first.event.ts), 'the first turn to start');
    const ordinary = ['How do I download my invoices?', 'Can I change my billing email?', 'Where do I find my receipts?', 'How do I add a teammate?', 'Can I rename my workspace?'].map((text) =>
      messageEvent({ channel: supportChannel, user: users.fiona, text }),
    );
    const second = messageEvent({ channel: supportChannel, user: users.ben, text: 'I was charged twice this month on invoice INV-2026-0043.' });
    for (const e of [...ordinary, second]) expect((await h.send({ json: e })).status).toBe(200);

    for (const e of [first, ...ordinary, second]) await turnDone(h.api, supportChannel, e.event.ts as string);
    // The first turn wrote his second billing issue to memory: the waiting message became a repeat issue, taken before the queue.
    const secondReply = replyAt(h, second.event.ts as string);
    for (const e of ordinary) expect(secondReply).toBeLessThan(replyAt(h, e.event.ts as string));
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === second.event.ts);
    expect(ticket?.priority).toBe('urgent');
  });

  it("learns from an earlier turn's write-back as it lands, before that turn's reply is written", { timeout: 60_000 }, async () => {
    // Two slots: Ben's first billing ticket in one (1.5 s per model call), a queue of ordinary ones in the other.
    h = await startSlackHarness({ env: { ...env(), WORKER_CONCURRENCY: '2' } });
    const [pro, firstIssue] = h.memdesk.demoSeed().filter((m) => m.id === 'acct_northwind' || m.text.startsWith('On 2026-04-12 Ben'));
    await h.memdesk.seed([pro!, firstIssue!], { actor: 'test' });
    const first = messageEvent({ channel: supportChannel, user: users.ben, text: `The invoice INV-2026-0042 shows the wrong amount, and the billing page loads ${SLOW}.` });
    expect((await h.send({ json: first })).status).toBe(200);
    await waitFor(() => h!.api.calls.some((c) => c.method === 'reactions.add' && c.args.name === 'eyes' && c.args.timestamp === first.event.ts), 'the first turn to start');
    // From twelve people memdesk does not know yet (each one's only message, so none is a repeat issue).
    const ordinary = Array.from({ length: 12 }, (_, i) => messageEvent({ channel: supportChannel, user: `U0ASK${i + 10}`, text: `How do I rename a project in our workspace, ${STEADY}?` }));
    const second = messageEvent({ channel: supportChannel, user: users.ben, text: 'I was charged twice this month on invoice INV-2026-0043.' });
    for (const e of [...ordinary, second]) expect((await h.send({ json: e })).status).toBe(200);

    for (const e of [first, ...ordinary, second]) await turnDone(h.api, supportChannel, e.event.ts as string);
    // The first turn's write-back (after its first model call) made the waiting message a repeat issue: the
    // other slot took it next, and it was answered while the first turn was still writing its reply.
    const secondReply = replyAt(h, second.event.ts as string);
    expect(secondReply).toBeLessThan(replyAt(h, first.event.ts as string));
    expect(secondReply).toBeLessThan(replyAt(h, ordinary.at(-1)!.event.ts as string));
    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === second.event.ts);
    expect(ticket?.priority).toBe('urgent');
  });
});

const db = await requirePostgres();
if (db) {
  describe('urgent first, on PostgreSQL', () => {
    let h: SlackHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('answers an urgent message accepted after a burst of ordinary ones before them', { timeout: 60_000 }, async () => {
      const url = databaseUrlOn(db);
      h = await startSlackHarness({ env: { ...env(), DATABASE_URL: url } });
      await urgentAfterBurst(h);
    });
  });
}
