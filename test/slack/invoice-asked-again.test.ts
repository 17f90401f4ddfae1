// A customer who answers "could you send me the invoice ID?" without one is not sent the same question word for
// word. QA (ABCD's first customer turns): "I need to return an item" was asked for the invoice ID, the customer
// gave their name, then their username, and got "Thanks for reaching out … could you send me the invoice ID?"
// three times. Asked once, the second question says it is still missing and that a person can take it without;
// after that a person takes the ticket, and the reply says the ID can still follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInSupport, startProAndEnterpriseHarness, threadReplies } from './ask-in-support.js';
import { supportChannel, users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

const firstAsk = 'So I can look into this charge, could you send me the invoice ID?';

describe('an invoice ID asked for and not given', () => {
  it('is asked for again in other words, then the ticket goes to the billing team', async () => {
    const ts = await postInSupport(h, users.ben, 'I was charged twice for our subscription this month, can you sort it out?');
    await postInSupport(h, users.ben, 'Ben Carter', ts);
    await postInSupport(h, users.ben, 'bcarter', ts);
    const replies = threadReplies(h, ts).map((c) => String(c.args.text));
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain(firstAsk);
    expect(replies[1]).not.toContain(firstAsk);
    expect(replies[1]).toContain('I still need the invoice ID');
    expect(replies[1]).toContain("If you don't have it, just say so and I'll pass this to our billing team");
    expect(replies[2]).toContain("I've passed this to our billing team.");
    expect(replies[2]).toContain('If you have the invoice ID handy');
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
    expect(ticket.status).toBe('escalated');
  });

  it('takes the ID when the second answer gives it', async () => {
    const ts = await postInSupport(h, users.fiona, 'There is a charge on our card we do not recognise.');
    await postInSupport(h, users.fiona, 'Fiona here', ts);
    await postInSupport(h, users.fiona, 'found it: INV-4411', ts);
    const replies = threadReplies(h, ts).map((c) => String(c.args.text));
    expect(replies[1]).toContain('I still need the invoice ID');
    const ticket = (await h.memdesk.findTicketByThread(supportChannel, ts))!;
    expect(ticket.state.fields).toMatchObject({ invoice_id: 'INV-4411' });
  });
});
