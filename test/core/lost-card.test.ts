// QA (qa6, public messages: BANKING77 test, CLINC150): a lost or stolen payment card went to the security team with the
// account steps ("reset your password, rotate any API keys"), which answer a break-in the customer did not report. It
// still goes to the security team at its priority; what the customer is told to do now is to block and replace the card.
import { describe, expect, it } from 'vitest';
import { reportsLostCard } from '../../src/core/lost-card.js';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('a lost or stolen payment card', () => {
  it.each([
    'I lost my card',
    'Somebody stole my card around Leicester this morning quarter to 6 morning around, how can I block it?',
    "i can't locate my mastercard and i want to report it as lost, please",
  ])('"%s" is told to block and replace the card, not to rotate API keys', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.customer_response).toContain("I've passed this to our security team.");
    expect(o.customer_response).toContain('ask your bank to block it now');
    expect(o.customer_response).not.toMatch(/API keys|reset your password|two-factor/);
  });

  // qa7 (public messages: BANKING77 test, CLINC150, NLU++): a card someone else uses, a charge the customer did not
  // make, or a card to freeze got the account steps too.
  it.each([
    "I'm not certain, but someone may be using my card.",
    'i think the charge for uber on my account is fraudulent',
    'Yes, freeze my credit card immediately!',
    "I didn't take out money from an ATM but my app statement shows that I did. How can I fix this?",
  ])('"%s" is told to block and replace the card, not to reset passwords', async (text) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.customer_response).toContain("I've passed this to our security team.");
    expect(o.customer_response).toContain('ask your bank to block it now');
    expect(o.customer_response).not.toMatch(/API keys|reset your password|two-factor/);
  });

  it('a stolen phone, or a break-in into the account, still gets the account steps', async () => {
    for (const text of ['Can I used my card even if my phone has been stolen?', 'Someone logged into our account and changed the password']) {
      const m = await testMemdesk();
      const o = await m.handleTicket({ user: 'cust_fiona', message: text });
      expect(o.customer_response).toContain('rotate any API keys');
      expect(o.customer_response).not.toContain('ask your bank to block it');
    }
  });

  it.each([
    ['de', 'Ich habe meine Karte verloren', 'lassen Sie sie jetzt von Ihrer Bank sperren'],
    ['es', 'Mi tarjeta fue robada', 'pide ya a tu banco que la bloquee'],
    ['pt', 'Perdi meu cartão', 'peça agora ao seu banco para bloqueá-lo'],
  ])('in %s, "%s" goes to the security team with the card steps in that language, not asked to say more', async (_language, text, steps) => {
    const m = await testMemdesk();
    const o = await m.handleTicket({ user: 'cust_fiona', message: text });
    expect(o.tools_executed[0]).toBe('create_escalation_ticket');
    expect(o.ticket.issue_type).toBe('security');
    expect(o.ticket.priority).toBe('high');
    expect(o.customer_response).toContain(steps);
  });

  it('is recognised in the six reply languages', () => {
    for (const text of ['Ich habe meine Karte verloren', "On m'a volé ma carte", 'Mi tarjeta fue robada', 'Perdi meu cartão', 'Mijn pas is gestolen']) {
      expect(reportsLostCard(text)).toBe(true);
    }
    expect(reportsLostCard('How do I replace my card before it expires?')).toBe(false);
    expect(reportsLostCard('has my mastercard application gone through yet')).toBe(false);
  });
});
