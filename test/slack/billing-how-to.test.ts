// A billing question that only asks where or how to do something (download last month's invoice) gets
// the help-center article's steps and link in the thread, over Slack's real protocols, on Pro and on
// Enterprise: "could you send me the invoice ID?" told the customer nothing. A double charge is still a
// dispute: Pro is asked for the invoice ID, Enterprise (contractual SLA) goes to the billing team at
// once. "No, I need a person" on the article's answer, pressed or written, hands it to the billing team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { postInSupport, startProAndEnterpriseHarness, threadReplies } from './ask-in-support.js';
import { escalationChannel, supportChannel, users, waitFor, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

const downloadLink = '<https://help.cobalt.example/billing/download-invoices|';

async function ask(user: string, text: string): Promise<{ ts: string; reply: RecordedCall }> {
  const ts = await postInSupport(h, user, text);
  const replies = threadReplies(h, ts);
  expect(replies).toHaveLength(1);
  return { ts, reply: replies[0]! };
}

type Block = { elements?: { action_id?: string; value?: string; text?: { text: string } }[] };
const blocksOf = (c: RecordedCall) => (typeof c.args.blocks === 'string' ? JSON.parse(c.args.blocks) : c.args.blocks) as Block[];

/** Ben presses one of the answer's buttons, as Slack delivers it (block_actions). */
function press(reply: RecordedCall, actionId: string, user: string) {
  const ts = String(reply.response.ts);
  const button = blocksOf(reply).flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!;
  return {
    type: 'block_actions',
    team: { id: 'T0MEMDESK', domain: 'memdesk-test' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T0MEMDESK' },
    api_app_id: 'A0MEMDESK',
    token: 'verification-token',
    container: { type: 'message', message_ts: ts, channel_id: supportChannel, is_ephemeral: false },
    trigger_id: '1.2.3',
    channel: { id: supportChannel, name: 'support' },
    message: { type: 'message', user: 'U0MEMDESK', ts, text: String(reply.args.text), blocks: blocksOf(reply) },
    response_url: `${h.api.responseUrlBase}billing-no`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'x', value: button.value, text: { type: 'plain_text', text: button.text?.text ?? '' }, action_ts: '1764064900.1' }],
  };
}

describe('a billing question how or where to do something', () => {
  it("answers Ben's 'where can I download last month's invoice?' with the article's steps and link, and his No goes to the billing team", async () => {
    const { ts, reply } = await ask(users.ben, "Where can I download last month's invoice?");
    const text = String(reply.args.text);
    expect(text).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(text).toContain('4. Click *Download PDF*.');
    expect(text).toContain(downloadLink);
    expect(text).not.toContain('invoice ID');
    const buttons = blocksOf(reply).flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
    expect(buttons.map((b) => b.text?.text)).toEqual(['Yes, solved', 'No, I need a person']);
    const ticket = (await h.memdesk.tickets.byThread(supportChannel, ts))!;
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });

    expect((await h.send({ interaction: press(reply, 'memdesk_answer_needs_person', users.ben) })).status).toBe(200);
    const thanks = await waitFor(() => threadReplies(h, ts).find((c) => c !== reply), 'the reply to No');
    expect(String(thanks.args.text)).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    const post = await waitFor(() => h.api.accepted('chat.postMessage').find((c) => c.args.channel === escalationChannel && JSON.stringify(c.args.blocks ?? '').includes(ticket.ticket_id)), 'the escalation post');
    expect(JSON.stringify(post.args.blocks)).toContain('No, I need a person');
    expect(await h.memdesk.tickets.get(ticket.ticket_id)).toMatchObject({ status: 'escalated', priority: 'medium' });
    const [escalation] = await h.memdesk.tickets.escalationsFor(ticket.ticket_id);
    expect(escalation?.summary).toMatch(/^billing: Where can I download/);
  });

  it('hands the ticket to the billing team when Ben writes "No, I need a person" under the answer', async () => {
    const { ts } = await ask(users.ben, 'Where do I find our past invoices?');
    expect(String(threadReplies(h, ts)[0]!.args.text)).toContain(downloadLink);
    await postInSupport(h, users.ben, 'No, I need a person', ts);
    const replies = threadReplies(h, ts);
    expect(replies).toHaveLength(2);
    expect(String(replies[1]!.args.text)).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    // A question where the invoices are is about no one invoice: nobody asks for its ID.
    expect(String(replies[1]!.args.text)).not.toContain('invoice ID');
    const ticket = await h.memdesk.tickets.byThread(supportChannel, ts);
    expect(ticket).toMatchObject({ issue_type: 'billing', status: 'escalated' });
    const [escalation] = await h.memdesk.tickets.escalationsFor(ticket!.ticket_id);
    // The question is quoted once, with the article that did not settle it.
    expect(escalation?.handoff_summary).toContain('Customer asked first: "Where do I find our past invoices?"');
    expect(escalation?.handoff_summary).toContain('memdesk answered from Download invoices and export them as PDF (https://help.cobalt.example/billing/download-invoices); the customer asked for a person instead');
    expect(escalation?.handoff_summary).toContain('Billing how-to: the customer asks how or where to do something themselves');
    expect(escalation?.handoff_summary).not.toContain('Invoice ID');
  });

  it('answers the same question from Enterprise from the article, not with an escalation', async () => {
    const { ts, reply } = await ask(users.elena, 'How do I change the billing email on our invoices?');
    expect(String(reply.args.text)).toMatch(/^Good question, Elena\. Here is what our help center says:/);
    expect(String(reply.args.text)).toContain('<https://help.cobalt.example/billing/');
    expect((await h.memdesk.tickets.byThread(supportChannel, ts))?.status).toBe('waiting_on_customer');
  });
});

// Messages from public datasets (../shared/data) that name a money word without a charge to look into:
// they were asked for an invoice ID "so I can look into this charge".
describe('a question about a decline or a refund policy', () => {
  it.each([
    // banking77 test.csv row 1802 (declined_card_payment)
    'Why was my card payment declined?',
    // CLINC150 clinc150-train-02550 (card_declined)
    'my card declined yesterday and i want to know why',
  ])('answers Ben\'s "%s" with the help center\'s reasons for a decline, not an invoice ID', async (text) => {
    const { ts, reply } = await ask(users.ben, text);
    expect(String(reply.args.text)).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(String(reply.args.text)).toContain('*Why was my card declined?*');
    expect(String(reply.args.text)).toContain('<https://help.cobalt.example/billing/failed-payments|');
    expect(String(reply.args.text)).not.toContain('invoice ID');
    expect(await h.memdesk.tickets.byThread(supportChannel, ts)).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
  });

  it('answers "i have got to check ur money back policy" (Bitext bitext-00999) from the refunds article', async () => {
    const { reply } = await ask(users.ben, 'i have got to check ur money back policy');
    expect(String(reply.args.text)).toMatch(/^Good question, Ben\. Here is what our help center says:/);
    expect(String(reply.args.text)).toContain('*What we refund*');
    expect(String(reply.args.text)).toContain('<https://help.cobalt.example/billing/refunds-and-credits|');
    expect(String(reply.args.text)).not.toContain('invoice ID');
  });

  // qa7 sample (Bitext bitext-01048): what the refund policy allows, asked without its name, was asked for an invoice ID.
  it('does not ask "help checking in what cases can i ask to be refunded" for an invoice ID: it names no charge', async () => {
    const { reply } = await ask(users.ben, 'help checking in what cases can i ask to be refunded');
    expect(String(reply.args.text)).not.toContain('invoice ID');
    expect(String(reply.args.text)).not.toMatch(/look into this charge/);
  });

  it("hands \"Hi I'd like to set up automatic cc payments. My last name is White\" (DSTC11 dstc11-finance_00935), which no article answers, to the billing team without an invoice ID", async () => {
    const { ts, reply } = await ask(users.ben, "Hi I'd like to set up automatic cc payments. My last name is White");
    expect(String(reply.args.text)).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    expect(String(reply.args.text)).not.toContain('invoice ID');
    expect(await h.memdesk.tickets.byThread(supportChannel, ts)).toMatchObject({ issue_type: 'billing', status: 'escalated' });
    // Remembered as the how-to it is, so Ben's next real billing problem (below) is not a "repeat".
    const remembered = (await h.memdesk.memory.list({ kind: 'customer', id: 'cust_ben' })).map((m) => m.memory);
    expect(remembered.find((m) => m.includes('set up automatic cc payments'))).toMatch(/asked a billing how-to question .* escalated to the billing team/);
  });

  it('still asks for the invoice ID when a decline comes with a charge', async () => {
    const { reply } = await ask(users.ben, 'Why was I charged $49 after my card was declined?');
    expect(String(reply.args.text)).toBe('Thanks for reaching out, Ben. So I can look into this charge, could you send me the invoice ID? It starts with INV- and is at the top of the invoice email.');
  });
});

describe('a billing dispute', () => {
  it('asks Ben (Pro) for the invoice ID of a double charge', async () => {
    const { ts, reply } = await ask(users.ben, 'I was charged twice for our subscription this month.');
    expect(String(reply.args.text)).toBe('Thanks for reaching out, Ben. So I can look into this charge, could you send me the invoice ID? It starts with INV- and is at the top of the invoice email.');
    expect(String(reply.args.text)).not.toContain('help.cobalt.example');
    expect((await h.memdesk.tickets.byThread(supportChannel, ts))).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
  });

  it("asks Ben for the invoice ID of a charge he does not recognise, written under an answered how-to", async () => {
    const { ts } = await ask(users.ben, 'Where do I find our past invoices?');
    await postInSupport(h, users.ben, 'ok. separately, there is a $12 charge on our card from you that nobody here recognises', ts);
    const replies = threadReplies(h, ts);
    expect(replies).toHaveLength(2);
    expect(String(replies[1]!.args.text)).toBe('Thanks for reaching out, Ben. So I can look into this charge, could you send me the invoice ID? It starts with INV- and is at the top of the invoice email.');
    expect(await h.memdesk.tickets.byThread(supportChannel, ts)).toMatchObject({ issue_type: 'billing', status: 'waiting_on_customer' });
  });

  it('hands Elena\'s (Enterprise) double charge to the billing team at once', async () => {
    const { ts, reply } = await ask(users.elena, 'We were charged twice for the annual plan, how do I get the duplicate refunded?');
    expect(String(reply.args.text)).toMatch(/^Thanks, Elena\. I've passed this to our billing team\./);
    expect(String(reply.args.text)).not.toContain('help.cobalt.example');
    expect((await h.memdesk.tickets.byThread(supportChannel, ts))?.status).toBe('escalated');
  });
});
