// A CSM memory staff wrote in another language memdesk answers in ("Ihre Kundenbetreuerin ist Dana Lee",
// "Leur gestionnaire de compte est Dana Lee", …) is found for an English message that shares none of its
// words, however far from the account's other notes it was written: the Enterprise customer's billing ticket is escalated and Dana is told in the escalation's thread,
// on the SQLite store and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { escalationChannel, recordsBackends, startSlackHarness, supportChannel, turnDone, users, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const DAY = 24 * 60 * 60_000;
const csmMemories = [
  // As staff write it in English, found on main's code too: the others must work as well as this one.
  'Their CSM is Dana Lee.',
  'Ihre Kundenbetreuerin ist Dana Lee.',
  'Kundenbetreuerin: Dana Lee',
  'Leur gestionnaire de compte est Dana Lee.',
  'Su gerente de cuenta es Dana Lee.',
  'A gerente de sucesso do cliente é Dana Lee.',
  'Hun klantsuccesmanager is Dana Lee.',
];

describe.each(await recordsBackends())('a CSM remembered in another language, on %s', (_backend, env) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { ...env, INTAKE_WINDOW: '0', INTAKE_QUIET_MS: '0' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(csmMemories)('"%s": Dana is told of the Enterprise escalation in its thread', async (remembered) => {
    await h.memdesk.memory.deleteScope({ kind: 'account', id: 'acct_globex' });
    // Written on different days, as an account's notes are: the plan's memory does not carry the CSM's along.
    await h.memdesk.seed([{ scope: 'account', id: 'acct_globex', text: 'Globex Corporation is on the Enterprise plan.' }], { actor: users.dana });
    h.memdesk.clock.advance(DAY);
    await h.memdesk.seed([{ scope: 'account', id: 'acct_globex', text: remembered }], { actor: users.dana });
    h.memdesk.clock.advance(DAY);
    const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
    expect((await h.send({ json: event })).status).toBe(200);
    await turnDone(h.api, supportChannel, event.event.ts as string);

    const ticket = (await h.memdesk.tickets.list()).find((t) => t.slack_thread_ts === event.event.ts);
    expect(ticket).toMatchObject({ account_id: 'acct_globex', status: 'escalated' });
    const posts = h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel);
    const escalation = posts.find((c) => !c.args.thread_ts && JSON.stringify(c.args.blocks).includes(ticket!.ticket_id));
    const notice = posts.find((c) => c.args.thread_ts && c.args.thread_ts === escalation?.response.ts);
    expect(notice?.args.text).toMatch(/^<@U0DANA> CSM notice for \*Globex Corporation\* \(acct_globex\), ticket /);
    expect(await h.memdesk.tickets.csmNoticesFor(ticket!.ticket_id)).toEqual([expect.objectContaining({ csm_name: 'Dana Lee' })]);
  });
});
