// A CSM notice through the running Slack app for an account whose memory names its CSM the way staff
// often write it ("CSM is Dana Lee", not only "Dana Lee is their CSM"): the Enterprise customer's billing
// ticket is escalated, and the notice is posted in the escalation's thread, addressed to Dana Lee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
  await h.memdesk.seed(
    [
      { scope: 'account', id: 'acct_globex', text: 'Globex Corporation is on the Enterprise plan.' },
      { scope: 'account', id: 'acct_globex', text: 'CSM is Dana Lee' },
    ],
    { actor: users.dana },
  );
});
afterAll(async () => {
  await h?.close();
});

describe('a CSM named as "CSM is Dana Lee"', () => {
  it('is told of the Enterprise escalation in its thread', async () => {
    const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
    expect((await h.send({ json: event })).status).toBe(200);
    await turnDone(h.api, supportChannel, event.event.ts as string);

    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === event.event.ts);
    expect(ticket).toMatchObject({ customer_id: 'cust_elena', account_id: 'acct_globex', status: 'escalated' });
    const posts = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel);
    const escalation = posts.find((c) => !c.args.thread_ts);
    expect(JSON.stringify(escalation?.args.blocks)).toContain(ticket!.ticket_id);
    const notice = posts.find((c) => c.args.thread_ts && c.args.thread_ts === escalation?.response.ts);
    expect(notice?.args.text).toMatch(/^<@U0DANA> CSM notice for \*Globex Corporation\* \(acct_globex\), ticket /);
    expect(notice?.args.text).toContain('enterprise account escalation');
    expect(await h.memdesk.tickets.csmNoticesFor(ticket!.ticket_id)).toEqual([expect.objectContaining({ csm_name: 'Dana Lee' })]);
  });
});
