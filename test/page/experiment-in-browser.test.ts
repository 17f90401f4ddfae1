
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE, testEnv } from '../support/memdesk-env.js';
import { browserTestsRun, closeWorkspaceInBrowser, openWorkspaceInBrowser, screenshotOnFailure, type WorkspaceInBrowser } from './browser.js';

let open: WorkspaceInBrowser | undefined;
let page: Page;

const customers = { fiona: 'Fiona Park', ben: 'Ben Carter', elena: 'Elena Ruiz' } as const;
const ids = { fiona: 'U0FIONA', ben: 'U0BEN', elena: 'U0ELENA' } as const;
type Customer = keyof typeof customers;

/** The nth top-level message `who` wrote in #support. */
const supportMessage = (who: Customer, nth: number): Locator =>
  page.locator('#support-messages > li.msg').filter({ has: page.locator('.msg-meta .author', { hasText: customers[who] }) }).nth(nth);
const botReplyTo = (message: Locator, text: string | RegExp): Locator => message.locator('.replies > li', { hasText: text });
const tickets = () => page.locator('#ticket-list > li');
const newestTicketOf = (who: Customer) => tickets().filter({ hasText: customers[who] }).first();
/** The first escalation post about `who` (a follow-up in an escalated thread may post another). */
const escalationOf = (who: Customer) => page.locator('#escalations-messages > li').filter({ hasText: `${customers[who]} (cust_${who})` }).first();
const accountMemory = (name: string) => page.locator('#memory-panels .memory-account').filter({ has: page.locator('h3', { hasText: name }) });

async function post(who: Customer, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  await page.getByLabel('Post as').selectOption(ids[who]);
  const message = page.getByLabel('Message', { exact: true });
  expect(await message.inputValue()).toBe(DEMO_MESSAGE);
  if (how === 'keyboard') {
    await message.focus();
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('button', { name: 'Send' }).click();
  }
}

// Without Chromium these are skipped on a laptop; under CI, launchChromium() fails them instead.
// Each test waits for up to three bot turns in a row, each allowed the page's 20 s under load.
describe.skipIf(!browserTestsRun)('the local workspace in a browser', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    // testEnv turns the intake window off: the experiment posts the same message twice per customer
    // within a minute on purpose (test/slack/staff-in-the-loop.test.ts covers intake).
    open = await openWorkspaceInBrowser(testEnv());
    page = open.page;
  });
  beforeEach(screenshotOnFailure(() => page, 'workspace'));
  afterAll(() => closeWorkspaceInBrowser(open));

  it('is reachable by keyboard, with labelled controls and a visible focus', async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('seed');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
    expect(await page.getByLabel('Post as').locator('option').allTextContents()).toEqual([
      'Fiona Park · Fiona Studio',
      'Ben Carter · Northwind Traders',
      'Elena Ruiz · Globex Corporation',
      'Dana Lee (staff)',
      'Sam Patel (staff)',
      'Alex Morgan (not a customer)',
    ]);
    await page.locator('#seed').blur();
  });

  it('before any memory: the same message gets the same ask from all three', async () => {
    for (const who of ['fiona', 'ben', 'elena'] as const) {
      await post(who);
      await botReplyTo(supportMessage(who, 0), 'invoice ID').waitFor();
      await supportMessage(who, 0).locator('.reaction', { hasText: 'done' }).waitFor();
    }
    await page.getByText('Nothing escalated yet.').waitFor();
    await expect.poll(() => tickets().count()).toBe(3);
    for (const status of await tickets().locator('.pill[class*="status-"]').allTextContents()) expect(status).toBe('waiting on customer');
    expect(await tickets().locator('.pill[class*="priority-"]').count()).toBe(0);
    expect(await page.locator('#memory-panels .memory').count()).toBe(0);
  });

  it('Seed memory runs /seed-memory demo as staff and fills the memory panel', async () => {
    await page.getByRole('button', { name: 'Seed memory' }).click();
    await page.locator('#support-messages .msg-ephemeral', { hasText: 'Seeded the demo memories: 7 new of 7' }).waitFor();
    expect(await page.locator('#support-messages .msg-ephemeral .only-visible').first().textContent()).toBe('Only visible to Dana Lee');
    await accountMemory('Northwind Traders').getByText('Northwind Traders is on the Pro plan.').waitFor();
    await accountMemory('Globex Corporation').getByText("Globex's customer success manager (CSM) is Dana Lee.").waitFor();
  });

  it('after seeding: Fiona is asked, Ben is escalated as urgent, Elena is escalated and her CSM told', async () => {
    await post('fiona');
    await botReplyTo(supportMessage('fiona', 1), 'invoice ID').waitFor();

    await post('ben');
    await botReplyTo(supportMessage('ben', 1), 'billing team').waitFor();
    const ben = escalationOf('ben');
    await ben.waitFor();
    expect(await ben.locator('.bk-field', { hasText: 'Priority' }).textContent()).toContain('urgent');
    expect(await ben.textContent()).toContain('charged twice for the Pro subscription');
    expect(await ben.getByRole('link', { name: "Customer's thread" }).getAttribute('href')).toMatch(/^#m-C0SUPPORT-\d+$/);

    await post('elena', 'keyboard');
    await botReplyTo(supportMessage('elena', 1), 'billing team').waitFor();
    const elena = escalationOf('elena');
    await elena.locator('.replies > li', { hasText: 'CSM notice for Globex Corporation' }).waitFor();
    expect(await elena.locator('.replies .mention').first().textContent()).toBe('@Dana Lee');
    expect(await elena.locator('.bk-field', { hasText: 'Priority' }).textContent()).toContain('high');

    expect(await page.locator('#escalations-messages > li', { hasText: 'Fiona Park' }).count()).toBe(0);
    await expect.poll(() => tickets().count()).toBe(6);
    const benTicket = newestTicketOf('ben');
    expect(await benTicket.locator('.pill[class*="status-"]').textContent()).toBe('escalated');
    expect(await benTicket.locator('.pill[class*="priority-"]').textContent()).toBe('urgent');
    expect(await benTicket.locator('.fact', { hasText: 'SLA due' }).locator('time').getAttribute('datetime')).toBe('2026-11-25T22:00:00.000Z'); // the first-response clock: 480 business minutes from 09:00 in New York
    expect(await newestTicketOf('elena').locator('.pill[class*="priority-"]').textContent()).toBe('high');
    expect(await newestTicketOf('elena').locator('.fact', { hasText: 'SLA due' }).locator('time').getAttribute('datetime')).toMatch(/^2026-11-25T14:0\d/); // 4 hours (Enterprise SLA)
    expect(await newestTicketOf('fiona').locator('.pill[class*="status-"]').textContent()).toBe('waiting on customer');
  });

  it("shows each ticket's decision trace: memories, tool calls, who decided, timings", async () => {
    const trace = newestTicketOf('ben').locator('details.trace');
    await trace.locator(':scope > summary').click();
    const turn = trace.locator('.step').first();
    expect(await turn.locator('.said').textContent()).toBe(DEMO_MESSAGE);
    expect(await turn.textContent()).toContain('charged twice for the Pro subscription');
    expect(await turn.locator('.tool-executed code').allTextContents()).toEqual(['create_escalation_ticket', 'store_support_outcome_memory']);
    expect(await turn.locator('.decided').textContent()).toBe('Decided by policy · escalated · urgent');
    expect(await turn.locator('.timings').textContent()).toMatch(/total \d+ ms/);

    const baseline = tickets().filter({ hasText: customers.ben }).last().locator('details.trace');
    await baseline.locator(':scope > summary').click();
    expect(await baseline.locator('.step').first().textContent()).toContain('none: memdesk knew nothing relevant yet');
    expect(await baseline.locator('.tool-executed code').allTextContents()).toEqual(['ask_for_missing_info']);
  });

  it('keeps the outcome in memory, and a reply in the thread continues the same ticket', async () => {
    await accountMemory('Northwind Traders').locator('.memory-ticket', { hasText: 'escalated to the billing team at urgent priority' }).waitFor();

    await supportMessage('ben', 1).getByRole('button', { name: 'Reply in thread to Ben Carter' }).click();
    await page.getByText('Replying in Ben Carter’s thread').waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Any update on the double charge?');
    await page.getByRole('button', { name: 'Send' }).click();
    await supportMessage('ben', 1).locator('.replies > li', { hasText: 'Any update on the double charge?' }).waitFor();
    await newestTicketOf('ben').locator('details.trace summary', { hasText: '2 steps' }).waitFor();
    expect(await tickets().count()).toBe(6);
    await page.getByLabel('Message', { exact: true }).fill(DEMO_MESSAGE);
  });

  it("lets staff take Elena's ticket and answer her themselves: the bot stays silent and tells the owner of her follow-up", async () => {
    const elena = escalationOf('elena');
    await elena.getByRole('button', { name: 'Take it' }).click();
    await elena.locator('.bk-context', { hasText: 'Taken by @Dana Lee' }).waitFor();
    await newestTicketOf('elena').locator('.fact', { hasText: 'Owner' }).getByText('Dana Lee').waitFor();
    // memdesk's reply in her thread only said a person will answer, and by when: it is no first response,
    // and taking the ticket is not one either (it stops the clock; Elena has heard nothing new).
    const firstResponse = newestTicketOf('elena').locator('.fact', { hasText: /^First response/ });
    expect(await firstResponse.textContent()).toContain('not yet');
    expect(await firstResponse.locator('time').count()).toBe(0);

    // Dana replies in Elena's thread, as herself.
    const thread = supportMessage('elena', 1);
    const repliesBefore = await thread.locator('.replies > li').count();
    const botRepliesBefore = await thread.locator('.replies > li.msg-bot').count();
    await thread.getByRole('button', { name: 'Reply in thread to Elena Ruiz' }).click();
    await page.getByLabel('Post as').selectOption('U0DANA');
    await page.getByLabel('Message', { exact: true }).fill('Hi Elena, Dana here: I am refunding the duplicate charge now.');
    await page.getByRole('button', { name: 'Send' }).click();
    await thread.locator('.replies > li', { hasText: 'I am refunding the duplicate charge now' }).waitFor();
    await newestTicketOf('elena').locator('.pill.status-with_team').waitFor();
    // Dana's reply is Elena's first response.
    expect(await firstResponse.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await firstResponse.textContent()).not.toContain('not yet');

    // Elena follows up: no bot reply in her thread; Dana is told in the escalation thread.
    await thread.getByRole('button', { name: 'Reply in thread to Elena Ruiz' }).click();
    await page.getByLabel('Post as').selectOption('U0ELENA');
    await page.getByLabel('Message', { exact: true }).fill('Thanks Dana, when will it show on my card?');
    await page.getByRole('button', { name: 'Send' }).click();
    await elena.locator('.replies > li', { hasText: 'Elena Ruiz wrote again' }).waitFor();
    expect(await elena.locator('.replies > li', { hasText: 'Elena Ruiz wrote again' }).locator('.mention').first().textContent()).toBe('@Dana Lee');
    expect(await thread.locator('.replies > li').count()).toBe(repliesBefore + 2);
    expect(await thread.locator('.replies > li.msg-bot').count()).toBe(botRepliesBefore);
    expect(await thread.locator('.replies > li').last().locator('.author').textContent()).toBe('Elena Ruiz');
    await page.getByLabel('Message', { exact: true }).fill(DEMO_MESSAGE);
  });

  it("lets staff take and resolve Ben's escalation, and memory keeps the resolution", async () => {
    const ben = escalationOf('ben');
    await ben.getByRole('button', { name: 'Take it' }).click();
    await ben.locator('.bk-context', { hasText: 'Taken by @Dana Lee' }).waitFor();
    expect(await ben.getByRole('button', { name: 'Take it' }).count()).toBe(0);
    await ben.getByRole('button', { name: 'Resolve' }).click();
    await ben.locator('.bk-context', { hasText: 'Resolved by @Dana Lee' }).waitFor();
    expect(await ben.locator('.bk-button').count()).toBe(0);

    await newestTicketOf('ben').locator('.pill.status-resolved').waitFor();
    await newestTicketOf('ben').locator('.step-staff', { hasText: 'Resolved by Dana Lee' }).waitFor();
    await accountMemory('Northwind Traders').locator('.memory-resolution', { hasText: 'was resolved by' }).waitFor();
  });

  it("moves the clock on: Elena's Enterprise ticket gets its resolution warning, then its breach alert, each once (and her unanswered follow-up's)", async () => {
    const elenaTicket = newestTicketOf('elena');
    const resolution = elenaTicket.locator('.fact', { hasText: 'Resolution due' });
    // 24/7 Enterprise clocks shown in the account's timezone, which the card names once for all its times; Dana, who took the ticket, owns it.
    expect(await resolution.textContent()).toMatch(/^SLA clocks.*Resolution due Thu 26 Nov, 10:0\d/);
    expect(await elenaTicket.locator('.fact', { hasText: 'Times in' }).locator('dd').textContent()).toBe('UTC');
    expect(((await elenaTicket.locator('.facts').textContent()) ?? '').split('UTC')).toHaveLength(2);
    expect(await elenaTicket.locator('.fact', { hasText: 'Owner' }).textContent()).toContain('Dana Lee');
    const alerts = (what: string) => escalationOf('elena').locator('.replies > li', { hasText: what });
    const advance = async (label: string, times = 1) => {
      for (let i = 0; i < times; i++) {
        await page.getByLabel('Move the clock on by').selectOption({ label });
        await page.getByRole('button', { name: 'Advance clock' }).click();
        await page.locator('#status', { hasText: "memdesk's clock reads" }).waitFor();
        await page.locator('#status').evaluate((el) => (el.textContent = ''));
      }
    };
    // 20 hours on: past 75% of the 24-hour resolution window.
    await advance('4 hours', 5);
    await alerts('SLA warning: Resolution').waitFor();
    expect(await alerts('SLA warning: Resolution').textContent()).toContain('@Dana Lee');
    await resolution.locator('.clock-warning', { hasText: 'Resolution due' }).waitFor();
    await advance('4 hours');
    await alerts('SLA breached: Resolution').waitFor();
    await resolution.locator('.clock-breached', { hasText: 'Resolution due' }).waitFor();
    await advance('1 hour');
    await page.waitForTimeout(500);
    expect(await alerts('SLA warning: Resolution').count()).toBe(1);
    expect(await alerts('SLA breached: Resolution').count()).toBe(1);
    // Her follow-up while Dana held the ticket started the next-response clock; Dana has not answered since.
    expect(await alerts('SLA breached: Next response').count()).toBe(1);
  });

  it('fits a phone-width screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Send' }).scrollIntoViewIfNeeded();
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('Reset empties the workspace and starts memdesk with no memory', async () => {
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => tickets().count()).toBe(0);
    await expect.poll(() => page.locator('#support-messages > li').count()).toBe(0);
    await expect.poll(() => page.locator('#memory-panels .memory').count()).toBe(0);
    // The first message after a reset is a baseline again.
    await post('ben');
    await botReplyTo(supportMessage('ben', 0), 'invoice ID').waitFor();
  });
});
