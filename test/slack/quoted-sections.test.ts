// A how-to answered in the thread quotes the section of the article that answers it, not its neighbours:
// asked how to add a team member, the customer gets the invite steps and not the steps for deactivating or
// removing one (QA found the removal passage quoted for an invite question); asked how to remove one, the
// removal steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startTicketPerMessageHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startTicketPerMessageHarness([]);
});
afterAll(async () => {
  await h?.close();
});

describe('the sections a how-to answer quotes', () => {
  it('answers "how can I add a new team member" with the invite steps and nothing about deactivating, removing or SCIM', async () => {
    const { reply } = await askInSupport(h, users.ben, 'how can I add a new team member');
    expect(reply).toContain('*Invite people*');
    // Slack escapes '>' in message text.
    expect(reply).toContain('1. Go to *Settings &gt; Members* and click *Invite*.');
    expect(reply).toContain('4. Click *Send invites*. Invitations are valid for 14 days.');
    expect(reply).not.toContain('Remove from workspace');
    expect(reply).not.toContain('Deactivate');
    expect(reply).not.toContain('With SCIM');
    expect(reply).toContain('<https://help.cobalt.example/admin/invite-and-remove-members|');
  });

  it('answers a removal question with the removal steps and not the invite steps', async () => {
    const { reply } = await askInSupport(h, users.ben, 'How do I remove a member from our workspace?');
    expect(reply).toContain('*Remove a member permanently*');
    expect(reply).toContain('Click *Remove from workspace* after deactivating.');
    expect(reply).not.toContain('click *Invite*');
    expect(reply).not.toContain('Send invites');
  });
});
