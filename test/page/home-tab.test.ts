// The local workspace delivers app_home_opened and answers views.publish, so the page shows the
// Home tab memdesk publishes for the person picked in "Post as": the numbers for staff, help for a
// customer. Over the page's own route, and in the browser.
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/memdesk-env.js';
import { workspaceForFile } from './test-workspace.js';
import { browserTestsRun, launchChromium } from './browser.js';

const workspaceNow = workspaceForFile(() => testEnv());

const openHome = async (user: string) => {
  const res = await fetch(`${workspaceNow().url}/workspace/home`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  return { status: res.status, body: (await res.json()) as { view?: { type: string; blocks: unknown[] } | null; error?: string } };
};

describe('the Home tab in the local workspace', () => {
  it('publishes the staff view for staff and the help text for a customer', async () => {
    const staff = await openHome('U0DANA');
    expect(staff.status).toBe(200);
    expect(staff.body.view?.type).toBe('home');
    expect(JSON.stringify(staff.body.view?.blocks)).toContain('*Last 7 days*');
    expect(workspaceNow().api.accepted('views.publish').map((c) => c.args.user_id)).toEqual(['U0DANA']);
    const customer = await openHome('U0BEN');
    expect(JSON.stringify(customer.body.view?.blocks)).toContain('Getting help');
    expect(await openHome('U0NOBODY')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/not someone the page can open the Home tab as/) } });
  });

  it.runIf(browserTestsRun)('the page shows the Home view for the person picked in "Post as"', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(workspaceNow().url);
      await page.locator('#post-as option[value="U0SAM"]').waitFor({ state: 'attached', timeout: 10_000 });
      await page.selectOption('#post-as', 'U0SAM');
      await page.click('#open-home');
      await page.locator('#home-view', { hasText: 'Support at a glance' }).waitFor({ timeout: 10_000 });
      const text = await page.locator('#home-view').textContent();
      expect(text).toContain('The Home tab as Sam Patel sees it.');
      expect(text).toContain('Last 30 days');
      expect(text).toContain('You hold no open tickets.');
      await page.selectOption('#post-as', 'U0BEN');
      await page.click('#open-home');
      await page.locator('#home-view', { hasText: 'Getting help' }).waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
    }
  });
});
