// A customer's follow-up at the top level, in the local workspace's page as a person sees it: memdesk
// answers in the ticket's thread and also sends the answer to the channel, where it shows as Slack
// shows a thread_broadcast ("replied to a thread:" and the thread's first words, linked).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MESSAGE, testEnv } from '../support/memdesk-env.js';
import { browserTestsRun, closeWorkspaceInBrowser, openWorkspaceInBrowser, screenshotOnFailure, type WorkspaceInBrowser } from './browser.js';

let open: WorkspaceInBrowser | undefined;
let page: Page;

async function postAsFiona(text: string): Promise<void> {
  await page.getByLabel('Post as').selectOption('U0FIONA');
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

// Without Chromium these are skipped on a laptop; under CI, launchChromium() fails them instead.
describe.skipIf(!browserTestsRun)('a follow-up at the top level, in the browser', () => {
  beforeAll(async () => {
    open = await openWorkspaceInBrowser(testEnv({ INTAKE_WINDOW: '120', INTAKE_QUIET_MS: '200' }));
    page = open.page;
  });
  beforeEach(screenshotOnFailure(() => page, 'follow-up'));
  afterAll(() => closeWorkspaceInBrowser(open));

  it("shows memdesk's answer in the ticket's thread and in the channel as a reply to that thread", async () => {
    await postAsFiona(DEMO_MESSAGE);
    // Fiona's first top-level message (oldest first): the ticket's thread.
    const opened = page.locator('#support-messages > li.msg').filter({ has: page.locator('.msg-meta .author', { hasText: 'Fiona Park' }) }).first();
    await opened.locator('.replies > li', { hasText: 'invoice ID' }).waitFor();
    await opened.locator('.reaction', { hasText: 'done' }).first().waitFor();

    await postAsFiona("It's INV-2041");
    // In the channel: memdesk's answer, marked as a reply to Fiona's thread, linking to it.
    const broadcast = page.locator('#support-messages > li.msg-bot').filter({ hasText: 'replied to a thread:' });
    await broadcast.waitFor();
    expect(await broadcast.locator('.broadcast-note').textContent()).toBe(`replied to a thread: ${DEMO_MESSAGE}`);
    const threadId = await opened.getAttribute('id');
    expect(await broadcast.locator('.broadcast-note a').getAttribute('href')).toBe(`#${threadId}`);
    expect(await broadcast.locator('.msg-text').textContent()).toMatch(/billing team/);
    // In the thread: the same answer, noted as also sent to the channel.
    const inThread = opened.locator('.replies > li', { hasText: 'Also sent to the channel' });
    await inThread.waitFor();
    expect(await inThread.locator('.msg-text').textContent()).toBe(await broadcast.locator('.msg-text').textContent());
    // Still one ticket.
    await expect.poll(() => page.locator('#ticket-list > li').count()).toBe(1);
  });
});
