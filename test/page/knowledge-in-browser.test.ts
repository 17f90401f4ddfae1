// The help center on the local workspace page, in real headless Chromium against the real bot: a how-to
// is answered in the thread with the article's link and "Was this helpful?"; a stranger's press is
// refused in a note only they see; the customer's "No, I need a person" escalates; the trace shows the
// passages retrieved and the one cited; once staff resolve it, the Knowledge section lists the gap and
// one click accepts its draft into KNOWLEDGE_DIR (a temporary copy here).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEnv } from '../support/memdesk-env.js';
import { browserTestsRun, closeWorkspaceInBrowser, openWorkspaceInBrowser, screenshotOnFailure, type WorkspaceInBrowser } from './browser.js';

let open: WorkspaceInBrowser | undefined;
let page: Page;
let knowledgeDir: string;
const question = 'How do I set up a webhook for new tasks?';

describe.skipIf(!browserTestsRun)('the help center on the local workspace page', () => {
  beforeAll(async () => {
    knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-kb-'));
    cpSync('knowledge', knowledgeDir, { recursive: true });
    open = await openWorkspaceInBrowser(testEnv({ KNOWLEDGE_DIR: knowledgeDir }));
    page = open.page;
  });
  beforeEach(screenshotOnFailure(() => page, 'knowledge'));
  afterAll(async () => {
    await closeWorkspaceInBrowser(open);
    if (knowledgeDir) rmSync(knowledgeDir, { recursive: true, force: true });
  });

  const bensQuestion = () => page.locator('#support-messages > li.msg').filter({ hasText: question }).first();
  const answer = () => bensQuestion().locator('.replies > li', { hasText: 'Here is what our help center says' });

  it('answers a how-to in the thread with the article link and Yes, solved / No, I need a person', async () => {
    await page.getByLabel('Post as').selectOption('U0BEN');
    await page.getByLabel('Message', { exact: true }).fill(question);
    await page.getByRole('button', { name: 'Send' }).click();
    await answer().waitFor();
    const link = answer().getByRole('link', { name: 'Set up webhooks and verify their signatures' });
    expect(await link.getAttribute('href')).toBe('https://help.cobalt.example/developers/webhooks');
    expect(await answer().textContent()).toContain('More in our help center:');
    expect(await answer().locator('.bk-button').allTextContents()).toEqual(['Yes, solved', 'No, I need a person']);
  });

  it("refuses a stranger's press in a note only they see", async () => {
    await page.getByLabel('Post as').selectOption('U0FIONA');
    await answer().getByRole('button', { name: 'Yes, solved' }).click();
    const note = page.locator('#support-messages .msg-ephemeral', { hasText: 'Only Ben Carter can answer this.' });
    await note.waitFor();
    expect(await note.locator('.only-visible').textContent()).toBe('Only visible to Fiona Park');
    expect(await answer().locator('.bk-button').count()).toBe(2);
  });

  it("escalates when Ben presses No, and the trace shows the passages retrieved and the one cited", async () => {
    await page.getByLabel('Post as').selectOption('U0BEN');
    await answer().getByRole('button', { name: 'No, I need a person' }).click();
    await answer().locator('.bk-context', { hasText: 'asked for a person' }).waitFor();
    expect(await answer().locator('.bk-button').count()).toBe(0);
    await bensQuestion().locator('.replies > li', { hasText: "I've passed this to our support team" }).waitFor();
    const escalation = page.locator('#escalations-messages > li').filter({ hasText: 'Ben Carter (cust_ben)' }).first();
    await escalation.waitFor();
    expect(await escalation.textContent()).toContain('https://help.cobalt.example/developers/webhooks');

    const ticket = page.locator('#ticket-list > li').filter({ hasText: 'Ben Carter' }).first();
    await ticket.locator('.pill.status-escalated').waitFor();
    await ticket.locator('details.trace > summary').click();
    const passages = ticket.locator('.step').first().locator('.passages > li');
    expect(await passages.count()).toBeGreaterThan(0);
    expect(await ticket.locator('.passages > li.cited').first().textContent()).toMatch(/^developers\/webhooks · .+ cited$/);
    await ticket.locator('.step-feedback', { hasText: 'Marked not helpful by Ben Carter' }).waitFor();

    const answers = page.locator('#knowledge-answers > li');
    await answers.filter({ hasText: question }).locator('.pill', { hasText: 'not helpful' }).waitFor();
  });

  it('lists the gap once staff resolve it, and one click accepts its draft into the help center', async () => {
    const escalation = page.locator('#escalations-messages > li').filter({ hasText: 'Ben Carter (cust_ben)' }).first();
    await escalation.getByRole('button', { name: 'Resolve' }).click();
    await escalation.locator('.bk-context', { hasText: 'Resolved by @Dana Lee' }).waitFor();
    const gap = page.locator('#knowledge-gaps .gap').filter({ hasText: question });
    await gap.waitFor();
    expect(await page.locator('#knowledge-gaps .gap-topic h4').first().textContent()).toBe('developers');
    expect(await gap.textContent()).toContain('An answer from developers/webhooks was marked not helpful.');
    await gap.getByRole('button', { name: 'Accept draft' }).click();
    await gap.locator('.gap-accepted').waitFor();
    const articleId = (await gap.locator('.gap-accepted code').textContent())!;
    expect(articleId).toBe('developers/how-do-i-set-up-a-webhook-for-new-tasks');
    const file = join(knowledgeDir, `${articleId}.md`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^---\ntitle: How do I set up a webhook for new tasks\n/);
    await page.locator('#knowledge-articles a', { hasText: 'How do I set up a webhook for new tasks' }).waitFor({ state: 'attached' });
  });
});
