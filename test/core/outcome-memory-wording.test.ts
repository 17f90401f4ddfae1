// memdesk's outcome memory of a ticket is what staff read later, quoted in the next brief's earlier issues.
import { describe, expect, it } from 'vitest';
import { memdeskPerTest } from '../support/memdesk-env.js';

const testMemdesk = memdeskPerTest();

describe('the outcome memory staff read in later briefs', () => {
  it('says "an outage issue" and "an access issue", not "a outage issue"', async () => {
    const m = await testMemdesk();
    await m.handleTicket({ user: 'cust_miles', message: 'The app is down for all of us, we get 503 on every page' });
    await m.handleTicket({ user: 'cust_miles', message: "I can't log in, I forgot my password." });
    const later = await m.handleTicket({ user: 'cust_miles', message: 'The app is down again for everyone, 503 on every page since 10 minutes' });
    const memories = (await m.memory.list({ kind: 'customer', id: 'cust_miles' })).map((x) => x.memory);
    expect(memories).toEqual(expect.arrayContaining([expect.stringContaining('reported an outage issue'), expect.stringContaining('reported an access issue')]));
    expect(memories.join('\n')).not.toMatch(/reported a (outage|access)/);
    expect(later.handoff_brief).toContain('Miles Dyson reported an outage issue ("The app is down for all of us');
  });
});
