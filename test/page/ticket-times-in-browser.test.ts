// A ticket card's times are the account's wall clock, whatever the reader's browser is set to: staff in
// Tokyo and in New York read the same "SLA due" as the SLA clocks beside it, and the card names the zone once.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wallClock } from '../../src/core/local-time.js';
import { DEMO_MESSAGE, testEnv } from '../support/memdesk-env.js';
import { browserTestsRun, closeWorkspaceInBrowser, openWorkspaceInBrowser, screenshotOnFailure, type WorkspaceInBrowser } from './browser.js';

let open: WorkspaceInBrowser | undefined;
let page: Page;

const bensTicket = () => page.locator('#ticket-list > li').filter({ hasText: 'Ben Carter' }).first();
const factOf = (label: string) => bensTicket().locator('.fact').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });

describe.skipIf(!browserTestsRun)('ticket times on the page, read in a browser set to another timezone', () => {
  beforeAll(async () => {
    open = await openWorkspaceInBrowser(testEnv(), { timezoneId: 'Asia/Tokyo' });
    page = open.page;
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Asia/Tokyo');
  });
  beforeEach(screenshotOnFailure(() => page, 'ticket-times'));
  afterAll(() => closeWorkspaceInBrowser(open));

  it("shows Ben's SLA due and first response in Northwind's zone (New York), naming it once on the card", async () => {
    await page.getByRole('button', { name: 'Seed memory' }).click();
    await page.locator('#support-messages .msg-ephemeral', { hasText: 'Seeded the demo memories' }).waitFor();
    await page.getByLabel('Post as').selectOption('U0BEN');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe(DEMO_MESSAGE);
    await page.getByRole('button', { name: 'Send' }).click();
    await bensTicket().locator('.pill.status-escalated').waitFor();

    // 22:00 UTC is 17:00 in New York the same day, and 07:00 the next day in Tokyo, where this browser is.
    const slaDue = factOf('SLA due').locator('time');
    expect(await slaDue.getAttribute('datetime')).toBe('2026-11-25T22:00:00.000Z');
    expect(await slaDue.textContent()).toBe('Wed 25 Nov, 17:00');
    expect(await factOf('SLA clocks').textContent()).toContain('First response due Wed 25 Nov, 17:00');
    expect(await factOf('Times in').locator('dd').textContent()).toBe('America/New_York');
    const card = (await bensTicket().locator('.facts').textContent()) ?? '';
    expect(card.split('America/New_York')).toHaveLength(2);
    expect(await factOf('First response').textContent()).toContain('not yet');
    // The escalation post's SLA due is in the reader's zone, as Slack shows it; the channel's heading names that zone.
    const postDue = page.locator('#escalations-messages > li').first().locator('.bk-field', { hasText: 'SLA due' }).locator('time');
    expect(await postDue.getAttribute('datetime')).toBe('2026-11-25T22:00:00.000Z');
    expect(await postDue.textContent()).toMatch(/^Nov 26, 2026, 7:00\sAM$/);
    expect(await page.locator('#escalations .panel-hint').textContent()).toContain('Times in Asia/Tokyo (this browser).');
    expect(await page.locator('#support .panel-hint').textContent()).toContain('Times in Asia/Tokyo (this browser).');

    // Dana answers Ben in his thread: that is his first response, shown in New York's wall clock too.
    const thread = page.locator('#support-messages > li.msg').filter({ has: page.locator('.msg-meta .author', { hasText: 'Ben Carter' }) }).first();
    await thread.getByRole('button', { name: 'Reply in thread to Ben Carter' }).click();
    await page.getByLabel('Post as').selectOption('U0DANA');
    await page.getByLabel('Message', { exact: true }).fill('Hi Ben, Dana here: I am refunding the duplicate charge now.');
    await page.getByRole('button', { name: 'Send' }).click();
    const firstResponse = factOf('First response').locator('time');
    await firstResponse.waitFor();
    const at = (await firstResponse.getAttribute('datetime')) ?? '';
    expect(at).toMatch(/^2026-11-25T\d\d:\d\d/);
    expect(await firstResponse.textContent()).toBe(wallClock(at, 'America/New_York'));
    expect(await firstResponse.textContent()).not.toBe(wallClock(at, 'Asia/Tokyo'));
    // The card says whose answer met the clock.
    expect(await factOf('First response').textContent()).toContain('by Dana Lee');
  });
});
