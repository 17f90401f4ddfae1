// The internal runbooks named in the brief posted to the escalation channel: the one written for the
// ticket's issue type, and no other, whether or not the message shares a word with it. An outage or a
// security incident names the incident runbook; a billing dispute names the billing escalations runbook;
// a how-to no article covers, which shares a word or two with a runbook, names none (every escalation
// used to list the internal search's top two).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';
import { decisionTrace } from '../../src/page/decision-trace.js';

const incidentRunbook = 'Internal: incident response runbook for support (https://help.cobalt.example/internal/incident-runbook)';
const billingRunbook = 'Internal: handling double charges, refunds and credits (https://help.cobalt.example/internal/billing-escalations)';

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }]);
});
afterAll(async () => {
  await h?.close();
});

/** The escalation post for Ben's message, as its JSON, after checking the ticket was escalated. */
async function escalationFor(message: string): Promise<string> {
  const { ticket, escalation } = await askInSupport(h, users.ben, message);
  expect(ticket.status).toBe('escalated');
  expect(escalation).not.toBeNull();
  return escalation!;
}

describe('runbooks in the escalation brief', () => {
  it('an outage names the incident runbook, and only it', async () => {
    const brief = await escalationFor('The API is down for us and the web app too, is there an incident? Nothing loads.');
    expect(brief).toContain(`Internal articles: ${incidentRunbook}`);
    expect(brief).not.toContain('internal/billing-escalations');
  });

  it('a security incident names the incident runbook', async () => {
    const brief = await escalationFor('Our account was hacked, there is an incident, someone changed our admin password');
    expect(brief).toContain(`Internal articles: ${incidentRunbook}`);
  });

  it.each([
    'Our dashboard has been down for the whole team since 9am.',
    'Someone logged into our admin account from an address we do not know and changed the password.',
  ])('"%s" shares no word with the incident runbook and names it all the same', async (message) => {
    const brief = await escalationFor(message);
    expect(brief).toContain(`Internal articles: ${incidentRunbook}`);
    expect(brief).not.toContain('internal/billing-escalations');
  });

  it('a billing dispute names the billing escalations runbook, not the incident one', async () => {
    const brief = await escalationFor('We were charged twice on invoice INV-2041, I want to dispute the duplicate charge.');
    expect(brief).toContain(`Internal articles: ${billingRunbook}`);
    expect(brief).not.toContain('internal/incident-runbook');
  });

  it('a how-to no article covers names no runbook, though it shares words with one; the trace still shows the runbook retrieved', async () => {
    const { ticket, escalation } = await askInSupport(h, users.ben, 'How do I get customer communication templates into the Dropbox widget?');
    expect(ticket.status).toBe('escalated');
    expect(escalation).not.toContain('Internal articles');
    expect(escalation).not.toContain('/internal/');
    const turns = decisionTrace(await h.memdesk.operationLog.read({ ticketId: ticket.ticket_id }), () => undefined).filter((s) => s.kind === 'turn');
    expect((turns.at(-1) as { passages: { article_id: string; audience: string }[] }).passages).toContainEqual(
      expect.objectContaining({ article_id: 'internal/incident-runbook', audience: 'internal' }),
    );
  });
});
