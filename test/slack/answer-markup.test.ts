// An answer from the help center reads in Slack as the article reads on the web. The articles are Markdown;
// a Slack thread shows mrkdwn, where `**Settings**` keeps its asterisks, the article's hard-wrapped lines
// break mid-sentence and a table is rows of pipes (QA on public support questions found all three in every
// quoted answer). The customer gets single-asterisk bold, whole sentences and a table as bullets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a quoted answer in Slack mrkdwn', () => {
  it('shows bold as Slack bold and keeps a wrapped list item on one line', async () => {
    const { reply } = await askInSupport(h, users.ben, 'how long until i get my replacement card');
    expect(reply).toContain('2. Go to *Settings &gt; Billing &gt; Payment method*.');
    expect(reply).toContain('- *Card declined:* check the expiry date and billing address, and that your bank allows online and foreign charges. Try another card if it still fails.');
    expect(reply).not.toContain('**');
    expect(reply).not.toMatch(/[a-z,]\n/);
  });

  it('gives a table as one bullet a row, each value with its column', async () => {
    const { reply } = await askInSupport(h, users.ben, 'What are the API rate limits per plan?');
    expect(reply).toContain('• *Pro* — Requests per minute: 1,000; Burst: 50 per second');
    expect(reply).not.toContain('|---');
    expect(reply).toContain('File uploads have their own limit of 60 per minute.');
  });
});
