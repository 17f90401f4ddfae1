// The intake rule on a table of messages, read by the real offline reader: a customer's top-level
// message within INTAKE_WINDOW of their open ticket joins it, unless the reader is sure it is another
// known issue (then it is a ticket of its own). Vague follow-ups ("any update?", "still broken") and
// new detail (an invoice ID, the impact) join; "invoice INV-9 was charged twice" under an outage does not.
import { describe, expect, it } from 'vitest';
import { raisesAnotherIssue } from '../../src/core/another-issue.js';
import { intakeTicket } from '../../src/core/intake.js';
import { loadPolicy } from '../../src/core/policy.js';
import type { Ticket } from '../../src/core/ports.js';
import type { IssueType } from '../../src/core/tools.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

const reader = TrainedReader.load();
const minConfidence = loadPolicy('policy').rules.reader.min_confidence;
const openedAt = 1_764_064_800;

function openTicket(message: string, issueType: IssueType | null): Ticket {
  return {
    ticket_id: 'tkt_open',
    trace_id: 'trace_open',
    customer_id: 'cust_ben',
    account_id: 'acct_northwind',
    status: 'waiting_on_customer',
    priority: null,
    issue_type: issueType,
    sla_due_at: null,
    created_at: '2026-11-25T10:00:00.000Z',
    updated_at: '2026-11-25T10:00:00.000Z',
    message,
    state: { issue_type: issueType ?? 'other', asked: [], fields: {}, turns: 1, last_action: null, last_turn_key: 'turn_open' },
    slack_channel: 'C0SUPPORT',
    slack_thread_ts: `${openedAt}.000100`,
  };
}

const outage = openTicket('Our dashboard is down, nothing loads at all', 'outage');
const billing = openTicket('Hi, I was charged twice for my subscription this month. Can you sort this out?', 'billing');
const unclear = openTicket('Hi, I have a question', 'other');
const open = { outage, billing, unclear };

async function joins(ticket: Ticket, text: string, o: { afterSeconds?: number; windowSeconds?: number } = {}): Promise<boolean> {
  const found = await intakeTicket(
    { tickets: { latestFor: async () => ticket }, reader, windowSeconds: o.windowSeconds ?? 120, minConfidence },
    { customerId: 'cust_ben', channelId: 'C0SUPPORT', ts: `${openedAt + (o.afterSeconds ?? 30)}.000200`, text },
  );
  return found?.ticket.ticket_id === ticket.ticket_id;
}

describe('a top-level message within the intake window', () => {
  it.each([
    // A follow-up with nothing new, or with news about the same problem, joins.
    ['outage', 'any update?', true],
    ['outage', 'still broken', true],
    ['outage', "also, it's still failing for my colleague", true],
    ['outage', 'Any news? It is still down.', true],
    ['outage', "it's urgent, everyone is blocked", true],
    // Only impact, urgency or an error code, though its impact words lean the reader to access: it joins.
    ['outage', "it's urgent, everyone on our team is blocked, error code E503", true],
    ['outage', 'production is down for everyone', true],
    ['billing', "it's urgent now, the whole team is blocked", true],
    ['billing', 'INV-2041', true],
    ['billing', "It's INV-2041, and it's urgent: our whole team is blocked", true],
    ['billing', 'any update?', true],
    // Another issue the reader is sure of is a ticket of its own.
    ['outage', 'Separately: invoice INV-9 was charged twice', false],
    ['outage', 'I want to cancel my subscription', false],
    ['billing', 'the login page says invalid password for everyone', false],
    // A ticket that was asked what it is about takes the answer, whatever it is about.
    ['unclear', 'invoice INV-9 was charged twice', true],
  ] as const)('open %s ticket, "%s": joins %s', async (ticket, text, expected) => {
    expect(await joins(open[ticket], text)).toBe(expected);
  });

  it('outside the window, or with the window off, is never joined', async () => {
    expect(await joins(outage, 'still broken', { afterSeconds: 121 })).toBe(false);
    expect(await joins(outage, 'still broken', { afterSeconds: -5 })).toBe(false);
    expect(await joins(outage, 'still broken', { windowSeconds: 0 })).toBe(false);
  });

  it("is not joined to the ticket it opened itself (its turn resumed after a crash)", async () => {
    const found = await intakeTicket(
      { tickets: { latestFor: async () => outage }, reader, windowSeconds: 120, minConfidence },
      { customerId: 'cust_ben', channelId: 'C0SUPPORT', ts: outage.slack_thread_ts!, text: outage.message },
    );
    expect(found).toBeUndefined();
  });

  it('without its words (a reply under a follow-up that already joined), the window alone decides', async () => {
    const found = await intakeTicket(
      { tickets: { latestFor: async () => outage }, reader, windowSeconds: 120, minConfidence },
      { customerId: 'cust_ben', channelId: 'C0SUPPORT', ts: `${openedAt + 30}.000200` },
    );
    expect(found?.ticket.ticket_id).toBe(outage.ticket_id);
  });
});

describe('raisesAnotherIssue', () => {
  const reading = (issue_type: IssueType, confidence: number) => ({ issue_type, confidence });
  // A reader that cannot tell request words from impact words: the reading alone decides.
  const plain = { reader: { read: (input: { text: string }) => reader.read(input) }, minConfidence };
  it.each([
    ['the same issue', reading('outage', 0.95), 'outage', false],
    ['another issue, read unsure', reading('billing', minConfidence - 0.01), 'outage', false],
    ['another issue, read sure', reading('billing', minConfidence), 'outage', true],
    ["a message the reader calls 'other'", reading('other', 0.95), 'outage', false],
    ["a ticket whose issue is not known yet ('other')", reading('billing', 0.95), 'other', false],
  ] as const)('%s: %s', (_what, r, open, expected) => {
    expect(raisesAnotherIssue({ text: 'x', reading: r }, open, plain)).toBe(expected);
  });

  it("another issue read sure, but the request's own words (without impact and identifiers) are not surely it", () => {
    const text = "it's urgent, everyone on our team is blocked, error code E503";
    const sure = reading('access', 0.61);
    expect(raisesAnotherIssue({ text, reading: sure }, 'outage', plain)).toBe(true);
    expect(raisesAnotherIssue({ text, reading: sure }, 'outage', { reader, minConfidence })).toBe(false);
    expect(raisesAnotherIssue({ text: 'the login page says invalid password for everyone', reading: sure }, 'billing', { reader, minConfidence })).toBe(true);
  });
});
