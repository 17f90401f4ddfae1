// Short messages read as what they say, over Slack's real protocols (each was misread in a past session): a bare
// greeting is greeted back and asked how we can help, with no one handed a ticket; "why is it blocked?" does not
// say what is blocked, so the customer is asked what is blocked (their sign-in, a payment…) rather than sent the
// password-reset steps and the ticket closed;
// a general billing question is not asked for the invoice ID of a charge it is not about; "tell me more" under an
// answer goes on with that answer's article instead of searching the help center for the words "tell me more".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, postInSupport, startProAndEnterpriseHarness, threadReplies } from './ask-in-support.js';
import { escalationChannel, users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

const escalationPosts = () => h.api.accepted('chat.postMessage').filter((c) => c.args.channel === escalationChannel).length;

describe('a bare greeting', () => {
  it.each(['HEY HO!', 'hi there 👋', 'Good morning team'])('"%s" is greeted back and asked how we can help; nobody is handed a ticket', async (text) => {
    const before = escalationPosts();
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, text);
    expect(reply).toBe('Hi Ben! How can I help you today?');
    expect(ticket.status).toBe('waiting_on_customer');
    expect(escalation).toBeNull();
    expect(escalationPosts()).toBe(before);
  });

  it('is followed by the request itself, which is answered as a first message would be', async () => {
    const ts = await postInSupport(h, users.ben, 'hello!');
    await postInSupport(h, users.ben, 'How do I export my invoices as CSV?', ts);
    const replies = threadReplies(h, ts).map((c) => String(c.args.text));
    expect(replies[0]).toBe('Hi Ben! How can I help you today?');
    expect(replies[1]).toMatch(/^Good question, Ben\. Here is what our help center says:/);
  });
});

describe('"why is it blocked?"', () => {
  it('is asked what it is about: no password-reset steps, not resolved, not escalated', async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'why is it blocked');
    expect(reply).toBe('Thanks for reaching out, Ben. What is blocked — your sign-in, a payment, or something else?');
    expect(reply).not.toMatch(/Forgot password|reset link|single sign-on/i);
    expect(ticket.status).toBe('waiting_on_customer');
    expect(escalation).toBeNull();
  });

  it.each(['this got disabled', "it's locked"])('"%s" is asked what, too', async (text) => {
    const { reply, escalation } = await askInSupport(h, users.ben, text);
    expect(reply).toBe('Thanks for reaching out, Ben. What is blocked — your sign-in, a payment, or something else?');
    expect(escalation).toBeNull();
  });

  it('a vague opener that names nothing blocked keeps the general question', async () => {
    const { reply } = await askInSupport(h, users.ben, 'need help');
    expect(reply).toBe("Thanks for reaching out, Ben. Could you tell me a bit more about what you need help with? If something isn't working, what happened, and what did you expect?");
  });

  it('"my account is blocked" still gets the sign-in help', async () => {
    const { reply } = await askInSupport(h, users.ben, 'my account is blocked');
    expect(reply).toContain('Forgot password');
  });
});

describe('a general billing question', () => {
  it.each(['how long do refunds take', 'change my statement delivery'])('"%s" is not asked for an invoice ID', async (text) => {
    const { reply } = await askInSupport(h, users.ben, text);
    expect(reply).not.toMatch(/invoice ID|INV-/);
  });
});

describe('"tell me more" under an answer', () => {
  it("goes on with the answer's article: no \"no article covers this\", no hand-over", async () => {
    const before = escalationPosts();
    const ts = await postInSupport(h, users.ben, 'How do I unsubscribe from the newsletter?');
    await postInSupport(h, users.ben, 'tell me more', ts);
    const [answer, more] = threadReplies(h, ts).map((c) => String(c.args.text));
    const link = answer!.match(/<https:\/\/help\.cobalt\.example\/[^|>]+/)![0];
    expect(more).not.toMatch(/couldn't find|passed it to our/);
    expect(more).toContain(link);
    expect(escalationPosts()).toBe(before);
  });
});
