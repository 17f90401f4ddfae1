// Real customers' words (eval/real): "I've tried my card a bunch of times and it never worked." and "Twitter bot
// malfunction / It's tweeting old meta posts." were read with an outage first but under the reader's 0.6, judged too
// thin to place, and met with "Could you tell me a bit more about what you need help with", which asks for what they
// already said. A message that names something broken, read unsure with an outage among the two best guesses, goes to
// engineering at once.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('an unsure reading of a message that says something is broken', () => {
  it.each([
    "I've tried my card a bunch of times and it never worked.",
    "How do I know why my card isn't working?",
    "Twitter bot malfunction\nIt's tweeting old meta posts. Surely not the intention?",
    // BANKING77 test rows not in eval/real: outage only the reader's second guess.
    'Can someone assist me by explaining why my card is not working?',
    'Could it be that I deactivated my card, its not working?',
  ])('"%s" goes to engineering as an outage, not "tell me more"', async (text) => {
    const m = await testMemdesk();
    await m.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: 'test' });
    const o = await m.handleTicket({ user: 'cust_ben', message: text });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toMatch(/^Thanks, Ben\. I've passed this to our engineering team\./);
    expect(o.customer_response).not.toContain('tell me a bit more');
    expect(o.ticket).toMatchObject({ issue_type: 'outage', priority: 'high' });
  });

  // Written with this review: the rule's German and Spanish words, read unsure with an outage among the two best guesses.
  it.each([
    ['Meine Karte funktioniert nicht', 'an unser Technikteam weitergegeben'],
    ['Mi tarjeta no funciona', 'a nuestro equipo de ingeniería'],
  ])('"%s" goes to engineering as an outage too, not "tell me more"', async (text, team) => {
    const m = await testMemdesk();
    await m.seed([{ scope: 'account', id: 'acct_northwind', text: 'Northwind Traders is on the Pro plan.' }], { actor: 'test' });
    const o = await m.handleTicket({ user: 'cust_ben', message: text });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain(team);
    expect(o.customer_response).not.toContain(o.ticket_id);
    expect(o.ticket).toMatchObject({ issue_type: 'outage', priority: 'high' });
  });

  // BANKING77 test rows (card_not_working), not in eval/real: read as an outage (0.83) with access a distant second,
  // they were turned into a sign-in problem and sent "Forgot password".
  it.each(['Help me.  My card doesn\'t work.', "Need help with my card. It's not working."])('"%s" is not sent the password-reset steps: nothing in it is about signing in', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.customer_response).not.toContain('Forgot password');
    expect(o.customer_response).not.toContain('trouble signing in');
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.ticket.issue_type).toBe('outage');
  });
});
