// `memdesk tickets --json` shows each ticket's SLA clocks; `--breaching` lists the tickets past or
// near (75% of a window) a due time. Each command runs in process (runCli, what the project's bin runs):
// its output is the point.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { memdeskStdout } from '../support/memdesk-cli.js';
import { DEMO_MESSAGE, testEnv } from '../support/memdesk-env.js';

const env = testEnv();
afterAll(() => rmSync(env.MEMDESK_DATA_DIR, { recursive: true, force: true }));
const memdesk = (args: string[], at?: string) => memdeskStdout(args, { ...env, ...(at ? { MEMDESK_NOW: at } : {}) });

describe('tickets and their SLA clocks', () => {
  it('shows the clocks and lists a ticket as breaching from 75% of its window', { timeout: 120_000 }, async () => {
    await memdesk(['seed']);
    // Elena's account is on the Enterprise plan (24/7 clocks, resolution within 24 hours).
    const asked = JSON.parse(await memdesk(['ask', '--user', 'U0ELENA', '--json', DEMO_MESSAGE])) as { ticket_id: string };
    const [ticket] = JSON.parse(await memdesk(['tickets', '--json'])) as (Record<string, unknown> & { created_at: string })[];
    const resolutionDue = new Date(Date.parse(ticket!.created_at) + 24 * 3_600_000).toISOString();
    const firstResponseDue = new Date(Date.parse(ticket!.created_at) + 4 * 3_600_000).toISOString();
    // The ask hands the invoice question to the team: memdesk's reply only promises a person's answer by
    // the first-response due time, so that clock keeps running and the ticket has no first response yet.
    expect(ticket).toMatchObject({
      ticket_id: asked.ticket_id,
      status: 'escalated',
      clocks: { first_response_due: firstResponseDue, next_response_due: null, resolution_due: resolutionDue },
    });
    expect(ticket).not.toHaveProperty('first_response_at');
    expect(ticket).not.toHaveProperty('owner');

    expect(JSON.parse(await memdesk(['tickets', '--breaching', '--json']))).toEqual([]);
    expect(await memdesk(['tickets', '--breaching'])).toMatch(/No ticket is past or near an SLA due time/);
    // Three hours on is 75% of the four-hour first-response window: nobody has answered the handoff.
    const nearPromise = new Date(Date.parse(ticket!.created_at) + 3 * 3_600_000 + 60_000).toISOString();
    const breaching = JSON.parse(await memdesk(['tickets', '--breaching', '--json'], nearPromise)) as { ticket_id: string }[];
    expect(breaching.map((t) => t.ticket_id)).toEqual([asked.ticket_id]);
    expect(await memdesk(['tickets', '--breaching'], nearPromise)).toMatch(new RegExp(`${firstResponseDue} \\(first response\\)`));
    // Just before, at 2 hours (50%), it is not near.
    const halfway = new Date(Date.parse(ticket!.created_at) + 2 * 3_600_000).toISOString();
    expect(JSON.parse(await memdesk(['tickets', '--breaching', '--json'], halfway))).toEqual([]);
  });
});
