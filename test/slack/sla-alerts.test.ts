// SLA alerts through the running Slack app, on SQLite and on PostgreSQL with two instances: an
// Enterprise ticket handed to the team has its clocks walked forward (nobody answers the handoff in
// time, so the first-response clock it promised warns and breaches), and each pre-breach warning and breach alert is
// posted exactly once, in the ticket's escalation thread, mentioning the owner, else the CSM from
// memory; a clock that stopped alerts no more. An alert on a ticket never escalated, at the top of the
// channel, links the customer's thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { escalationChannel, startSlackHarness, supportChannel, turnDone, users, waitFor, startSeededSlackHarness, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const MINUTE = 60_000;
const alertKey = (c: RecordedCall) => ((c.args.metadata as { event_payload?: { effect_key?: string } } | undefined)?.event_payload?.effect_key ?? '');
const isAlert = (c: RecordedCall) => c.method === 'chat.postMessage' && c.result === 'ok' && alertKey(c).startsWith('sla:');

function slaSuite(name: string, open: () => Promise<SlackHarness[]>) {
  describe(name, () => {
    let instances: SlackHarness[] = [];
    const first = () => instances[0]!;
    const alerts = () => instances.flatMap((h) => h.api.calls.filter(isAlert));
    const alertTexts = () => alerts().map((c) => String(c.args.text));
    /** Every instance scans at once, as they would on their timers, then all finish posting. */
    const scanAll = async () => {
      await Promise.all(instances.map((h) => h.slack.scanSlaClocks()));
      await Promise.all(instances.map((h) => h.slack.worker.idle()));
    };
    const advance = (minutes: number) => {
      for (const h of instances) h.memdesk.clock.advance(minutes * MINUTE);
    };

    beforeAll(async () => {
      instances = await open();
    });
    afterAll(async () => {
      for (const h of instances) await h.close();
    });

    it('warns at 75% and alerts at 100% of each window, once each, then stops with the clock', { timeout: 60_000 }, async () => {
      const h = first();
      await h.memdesk.seed(h.memdesk.demoSeed(), { actor: 'test' });
      const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
      await h.send({ json: event });
      await turnDone(h.api, supportChannel, event.event.ts as string);
      const escalationPost = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts), 'the escalation post');
      const [ticket] = await h.memdesk.tickets.list();
      // memdesk handed it to the team: its reply only promised a person's answer, so there is no first
      // response yet and that clock runs on (24/7, 4 h, the time Elena was promised); resolution runs (24 h).
      expect(ticket!.state.clocks?.first_response_at).toBeNull();
      expect(ticket!.state.clocks?.first_response?.stopped_at).toBeNull();
      expect(Date.parse(ticket!.state.clocks!.first_response!.due_at) - Date.parse(ticket!.created_at)).toBe(240 * MINUTE);
      expect(Date.parse(ticket!.state.clocks!.resolution!.due_at) - Date.parse(ticket!.created_at)).toBe(1440 * MINUTE);
      // The handoff post shows both due times in the account's timezone.
      expect(JSON.stringify(escalationPost.args.blocks)).toContain('First response due');
      expect(JSON.stringify(escalationPost.args.blocks)).toContain('Resolution due');

      await scanAll();
      expect(alerts()).toHaveLength(0);

      // 3 hours on: 75% of the first-response window and nobody has answered. Nobody owns it: the CSM
      // from memory (Dana) is mentioned. An hour later the promised time has passed.
      advance(3 * 60);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(1);
      expect(alertTexts()[0]).toMatch(/^:hourglass_flowing_sand: <@U0DANA> SLA warning: First response on ticket /);
      // In the escalation's thread.
      const thread = alerts()[0]!.args.thread_ts;
      expect(thread).toBe(escalationPost.response.ts);
      expect(alerts()[0]!.args.channel).toBe(escalationChannel);
      advance(60);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(2);
      expect(alertTexts()[1]).toMatch(/^:rotating_light: <@U0DANA> SLA breached: First response on ticket /);

      // 18 hours on: 75% of the resolution window.
      advance(14 * 60);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(3);
      expect(alertTexts()[2]).toMatch(/^:hourglass_flowing_sand: <@U0DANA> SLA warning: Resolution on ticket /);

      // Sam takes it; the customer writes again while Sam holds it (the held follow-up starts the clock).
      await h.memdesk.takeTicket(ticket!.ticket_id, { actor: users.sam });
      await h.memdesk.recordHeldFollowUp(ticket!.ticket_id, { text: 'Any news?' }, h.memdesk.clock.now(), h.memdesk.directory.resolve({ customerId: ticket!.customer_id }));
      advance(90);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(4);
      expect(alertTexts()[3]).toMatch(/^:hourglass_flowing_sand: <@U0SAM> SLA warning: Next response on ticket /);
      advance(30);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(5);
      expect(alertTexts()[4]).toMatch(/^:rotating_light: <@U0SAM> SLA breached: Next response on ticket /);

      // Sam answers: the next-response clock stops. Resolution still breaches, once.
      await h.memdesk.recordHumanReply(ticket!.ticket_id, users.sam, h.memdesk.clock.now());
      advance(6 * 60);
      await scanAll();
      await scanAll();
      expect(alertTexts()).toHaveLength(6);
      expect(alertTexts()[5]).toMatch(/^:rotating_light: <@U0SAM> SLA breached: Resolution on ticket /);
      expect(new Set(alerts().map(alertKey)).size).toBe(6);
      expect(alerts().every((c) => c.args.thread_ts === thread)).toBe(true);

      // Resolved: nothing more, however long it sits.
      await h.memdesk.updateTicketStatus(ticket!.ticket_id, 'resolved', { actor: users.sam });
      advance(7 * 24 * 60);
      await scanAll();
      expect(alertTexts()).toHaveLength(6);
      const posted = await h.memdesk.operationLog.read({ ticketId: ticket!.ticket_id });
      expect(posted.filter((e) => e.kind === 'sla_alert_posted')).toHaveLength(6);
    });
  });
}

slaSuite('SLA alerts, SQLite', async () => [await startSlackHarness()]);

const db = await requirePostgres();
if (db) {
  const url = databaseUrlOn(db);
  slaSuite('SLA alerts, PostgreSQL with two instances', async () => [
    await startSlackHarness({ env: { DATABASE_URL: url } }),
    await startSlackHarness({ env: { DATABASE_URL: url } }),
  ]);
}

describe('an SLA alert on a ticket that was never escalated', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSeededSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("posts at the top of the escalation channel with a link to the customer's thread", { timeout: 60_000 }, async () => {
    const event = messageEvent({ channel: supportChannel, user: users.elena, text: 'How do I export my invoices as CSV?' });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const [ticket] = await h.memdesk.tickets.list();
    expect(ticket!.status).not.toBe('escalated');
    expect(h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel)).toHaveLength(0);
    // 18 hours on: 75% of the Enterprise resolution window (24/7, 1440 minutes).
    h.memdesk.clock.advance(18 * 60 * MINUTE);
    await h.slack.scanSlaClocks();
    await h.slack.worker.idle();
    const alert = await waitFor(() => h.api.calls.find(isAlert), 'the SLA alert');
    expect(alert.args.channel).toBe(escalationChannel);
    expect(alert.args.thread_ts).toBeUndefined();
    expect(String(alert.args.text)).toMatch(/SLA warning: Resolution on ticket /);
    expect(String(alert.args.text)).toContain(`/archives/${supportChannel}/p${ts.replace('.', '')}|Customer's thread>`);
  });
});
