// The app's Home tab through the running Slack app: a signed app_home_opened makes memdesk publish
// (views.publish) the staff view (numbers for 7 and 30 days, the tickets they hold with their SLA
// clocks, the breaches) or, for a customer, a short help text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHomeOpenedEvent } from '../../src/emulator/payloads.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { startSlackHarness, supportChannel, teamId, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent } from './samples.js';

const HOUR = 3_600_000;

describe('App Home', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const open = async (user: string) => {
    const before = h.api.accepted('views.publish').length;
    const res = await h.send({ json: appHomeOpenedEvent({ team: { id: teamId, domain: 'memdesk-test' }, apiAppId: 'A0MEMDESK', botUserId: h.api.botUserId }, user) });
    expect(res.status).toBe(200);
    const call = await waitFor(() => h.api.accepted('views.publish')[before], `the Home view for ${user}`);
    expect(call.args.user_id).toBe(user);
    expect(h.api.homeViews.get(user)?.blocks).toEqual((call.args.view as { blocks: unknown[] }).blocks);
    return JSON.stringify((call.args.view as { blocks: unknown[] }).blocks);
  };

  it('shows staff the numbers, the tickets they hold with SLA clocks, and the breaches', { timeout: 60_000 }, async () => {
    await h.memdesk.seed(h.memdesk.demoSeed(), { actor: 'test' });
    const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
    await h.send({ json: event });
    await turnDone(h.api, supportChannel, event.event.ts as string);
    const [ticket] = await h.memdesk.tickets.list();
    await h.memdesk.takeTicket(ticket!.ticket_id, { actor: users.sam });

    const fresh = await open(users.sam);
    expect(fresh).toContain('Support at a glance');
    expect(fresh).toContain('*Last 7 days*');
    expect(fresh).toContain('*Last 30 days*');
    expect(fresh).toContain('*Tickets*\\n1');
    expect(fresh).toContain('Your open tickets (1)');
    expect(fresh).toMatch(new RegExp(`${ticket!.ticket_id}.*resolution due 2026-11-26 10:00`));
    // Every time on the page is UTC, and the page says so once, not after each time.
    expect(fresh).toMatch(/Updated 2026-11-25 \d\d:\d\d; times are UTC\./);
    expect(fresh.split('UTC')).toHaveLength(2);
    expect(fresh).toContain('SLA breaches, last 30 days (0)');

    // A day and more on, Elena's 24-hour Enterprise resolution clock has run out.
    h.memdesk.clock.advance(25 * HOUR);
    const late = await open(users.sam);
    expect(late).toContain('overdue');
    expect(late).toContain('SLA breaches, last 30 days (1)');
    expect(late).toMatch(new RegExp(`${ticket!.ticket_id}.*acct_globex \\(enterprise\\): resolution due`));
    expect(late.split('UTC')).toHaveLength(2);
    // Dana holds nothing.
    expect(await open(users.dana)).toContain('You hold no open tickets.');
  });

  it('shows a customer how to get help, and no numbers', { timeout: 30_000 }, async () => {
    const view = await open(users.ben);
    expect(view).toContain('Getting help');
    expect(view).not.toContain('Tickets');
  });
});
