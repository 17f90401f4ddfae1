// QA: a bank transfer that has not landed was taken for an outage, and a bank statement asked for for a security
// incident. A payment on its way is a billing matter (the invoice ID is asked for, to match it), however the customer
// guesses at the cause; a request for a statement that reports nothing wrong is not an incident, and the security
// steps (reset passwords, rotate keys) would answer a problem the customer does not have.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a bank transfer that has not arrived', () => {
  it.each([
    "my transfer hasn't arrived, is something broken on your side?",
    "My transfer hasn't arrived",
    'The bank transfer I made to pay the invoice is pending',
    // An event named beside it is not a webhook's.
    "Our wire hasn't arrived and the event is tomorrow",
  ])('"%s" is asked for the invoice ID, not sent to engineering', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.tools_executed[0]).toBe('ask_for_missing_info');
    expect(o.customer_response).toContain('could you send me the invoice ID?');
    expect(o.ticket.issue_type).toBe('billing');
  });

  it.each([
    "my direct debit didn't go through",
    'I was trying to top up my card but it was reverted',
    'i checked my standings orders for last 3 days and there are some missing payments?',
  ])('a payment that failed, "%s", goes to billing (the invoice ID asked for, or the billing team), not to engineering as an outage', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.customer_response).not.toContain('engineering team');
    expect(o.customer_response).toMatch(/could you send me the invoice ID\?|passed this to our billing team/);
    expect(o.ticket.issue_type).toBe('billing');
  });

  it('in German, "Unsere Überweisung ist noch nicht angekommen" is asked for the invoice number in German, not "tell me more"', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Unsere Überweisung ist noch nicht angekommen' });
    expect(o.tools_executed[0]).toBe('ask_for_missing_info');
    expect(o.customer_response).toContain('Rechnungsnummer');
    expect(o.ticket.issue_type).toBe('billing');
  });

  it.each([
    ['fr', "Mon virement n'est pas arrivé"],
    ['nl', 'Onze overboeking is niet aangekomen'],
  ])('in %s, "%s" is asked for the invoice number in that language', async (language, text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.tools_executed[0]).toBe('ask_for_missing_info');
    expect(o.customer_response).toContain(language === 'fr' ? 'numéro de facture' : 'factuurnummer');
    expect(o.ticket.issue_type).toBe('billing');
  });

  it('a payment webhook that never reaches the customer\'s server is not money on its way', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'Our payment webhooks have not arrived at our endpoint since 9am, checkout is down for everyone' });
    expect(o.customer_response).not.toContain('invoice ID');
    expect(o.ticket.issue_type).toBe('outage');
  });
});

describe('a bank statement asked for', () => {
  it('"I need a bank statement for our auditors" is not handled as a security incident', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'I need a bank statement for our auditors' });
    expect(o.ticket.issue_type).toBe('billing');
    expect(o.customer_response).not.toMatch(/two-factor|rotate|reset (?:your )?passwords?/i);
    expect(o.customer_response).not.toContain('invoice ID');
  });

  it('a statement showing a payment the customer did not make is still a security incident', async () => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'My bank statement shows a payment I did not make' });
    expect(o.ticket.issue_type).toBe('security');
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
  });
});
