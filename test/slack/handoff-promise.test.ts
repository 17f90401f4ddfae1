// A handoff promises the customer a person's answer by the first-response due time. memdesk's own
// reply in that turn is no response: if nobody on the team answers, the SLA warning (75%) and breach
// alert (at the promised time) for the first response are posted in the escalation's thread; once a
// person replies in the customer's thread, they are not. Elena's Enterprise clocks run 24/7 (4 hours).
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { escalationChannel, nextTs, supportChannel, turnDone, users, waitFor, startSeededSlackHarness, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const MINUTE = 60_000;
const alertKey = (c: RecordedCall) => ((c.args.metadata as { event_payload?: { effect_key?: string } } | undefined)?.event_payload?.effect_key ?? '');
const isAlert = (c: RecordedCall) => c.method === 'chat.postMessage' && c.result === 'ok' && alertKey(c).startsWith('sla:');

describe("a handoff's promised time", () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h.close();
  });

  /** Elena's invoice question, handed to the team: the customer's thread, memdesk's reply and the escalation post. */
  async function handOff() {
    h = await startSeededSlackHarness();
    const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
    await h.send({ json: event });
    const ts = event.event.ts as string;
    await turnDone(h.api, supportChannel, ts);
    const reply = h.api.accepted('chat.postMessage').find((c) => c.args.channel === supportChannel && c.args.thread_ts === ts)!;
    const escalation = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && !c.args.thread_ts), 'the escalation post');
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
    expect(ticket.status).toBe('escalated');
    return { ts, reply: String(reply.args.text), escalation, ticket };
  }
  const alertTexts = () => h.api.calls.filter(isAlert).map((c) => String(c.args.text));
  const scanAt = async (minutesSinceHandoff: number, since: number) => {
    h.memdesk.clock.advance(minutesSinceHandoff * MINUTE - (h.memdesk.clock.now().getTime() - since));
    await h.slack.scanSlaClocks();
    await h.slack.worker.idle();
  };

  it('warns and then alerts in the escalation thread when nobody has answered by then', { timeout: 60_000 }, async () => {
    const { reply, escalation, ticket } = await handOff();
    const opened = Date.parse(ticket.created_at);
    // The customer was promised 14:00 UTC, four hours on; the ticket has no first response yet.
    expect(reply).toContain('by today at 14:00 UTC');
    expect(ticket.first_response_at ?? null).toBeNull();
    await scanAt(179, opened);
    expect(alertTexts()).toEqual([]);
    await scanAt(181, opened);
    expect(alertTexts()).toHaveLength(1);
    expect(alertTexts()[0]).toMatch(/^:hourglass_flowing_sand: <@U0DANA> SLA warning: First response on ticket /);
    await scanAt(239, opened);
    expect(alertTexts()).toHaveLength(1);
    await scanAt(240, opened);
    expect(alertTexts()).toHaveLength(2);
    expect(alertTexts()[1]).toMatch(/^:rotating_light: <@U0DANA> SLA breached: First response on ticket /);
    const alerts = h.api.calls.filter(isAlert);
    expect(alerts.every((c) => c.args.channel === escalationChannel && c.args.thread_ts === escalation.response.ts)).toBe(true);
  });

  it('stays quiet once a person has replied in the customer\'s thread', { timeout: 60_000 }, async () => {
    const { ts, ticket } = await handOff();
    const opened = Date.parse(ticket.created_at);
    h.memdesk.clock.advance(60 * MINUTE);
    const staff = messageEvent({ channel: supportChannel, user: users.sam, text: 'Hi Elena, Sam here: I am looking at the invoice now.', thread_ts: ts, ts: nextTs() });
    expect((await h.send({ json: staff })).status).toBe(200);
    const answered = await waitFor(async () => {
      const t = await h.memdesk.tickets.get(ticket.ticket_id);
      return t?.first_response_at ? t : undefined;
    }, "Sam's reply recorded");
    // Sam's reply, an hour in, is Elena's first response.
    expect(Math.abs(Date.parse(answered.first_response_at!) - (opened + 60 * MINUTE))).toBeLessThan(MINUTE);
    await scanAt(181, opened);
    await scanAt(240, opened);
    await scanAt(300, opened);
    expect(alertTexts().filter((t) => t.includes('First response'))).toEqual([]);
  });
});
