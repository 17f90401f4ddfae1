// The public surface as docs/reference.md documents it (env, CLI, JSON shapes, files), where no other test pins
// it: the fields of `ask --json` and `tickets --json`, `seed --json`, `memory forget --json` and `kb import --json`, usage
// errors' exit status, empty variables counting as unset, MEMDESK_NOW's format, a data folder that cannot be made, and an article whose url is no http(s) URL.
// The bin as a user runs it (node bin/memdesk.js, a process) for --help, usage errors' exit status and one command's output
// (tickets --json with empty variables); the rest runs each command in process (runCli, what the bin runs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMemdesk as memdesk, runMemdeskProcess } from '../support/memdesk-cli.js';
import { testEnv } from '../support/memdesk-env.js';

const statuses = ['open', 'waiting_on_customer', 'escalated', 'with_team', 'resolved'];

describe('memdesk --json shapes', () => {
  it('ask --json names the help-center passages and the sources an answer cites; tickets --json keeps to the documented statuses', async () => {
    const env = testEnv();
    const seed = await memdesk(['seed', '--json'], env);
    expect(seed.code).toBe(0);
    expect(JSON.parse(seed.stdout)).toEqual({ file: expect.stringMatching(/config\/demo-seed\.yml$/), written: 7 });

    const answered = JSON.parse((await memdesk(['ask', '--user', 'U0BEN', '--json', 'How do I download my invoices as PDF?'], env)).stdout);
    expect(answered.knowledge.length).toBeGreaterThan(0);
    for (const k of answered.knowledge) {
      expect(k).toEqual({ article_id: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:\/\//), score: expect.any(Number) });
    }
    const answer = answered.tool_calls.find((c: { name: string }) => c.name === 'answer_customer');
    expect(answer).toMatchObject({ status: 'executed', args: { sources: ['billing/download-invoices'] } });
    expect(answered.knowledge.map((k: { article_id: string }) => k.article_id)).toContain('billing/download-invoices');
    expect(answered.retrieved.customer.length).toBeGreaterThan(0);
    for (const m of [...answered.retrieved.customer, ...answered.retrieved.account]) {
      expect(m).toEqual({ id: expect.any(String), memory: expect.any(String), score: expect.any(Number) });
    }

    const tickets = JSON.parse((await memdesk(['tickets', '--json'], env)).stdout) as Record<string, unknown>[];
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      ticket_id: answered.ticket_id,
      customer_id: 'cust_ben',
      account_id: 'acct_northwind',
      issue_type: 'how_to',
      // An answer that did not resolve the ticket waits on the customer's mark or next message.
      status: 'waiting_on_customer',
      clocks: { first_response_due: null, next_response_due: null, resolution_due: expect.anything() },
    });
    for (const t of tickets) expect(statuses).toContain(t.status);

    const forgot = await memdesk(['memory', 'forget', '--customer', 'cust_ben', '--json'], env);
    expect(JSON.parse(forgot.stdout)).toEqual({ scope: 'customer:cust_ben', removed: expect.any(Number), trace_id: expect.stringMatching(/^trace_/) });
  }, 120_000); // five commands, each composing the whole app
});

describe('memdesk usage errors and settings', () => {
  it('exits 2 for a command line commander cannot parse, and names what is wrong', async () => {
    const env = testEnv();
    const noUser = await runMemdeskProcess(['ask', 'hello'], env);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--user/);
    const unknown = await runMemdeskProcess(['tickets', '--overdue'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--overdue'/);
    const help = await runMemdeskProcess(['tickets', '--help'], env);
    expect(help.code).toBe(0);
  });

  it('counts an empty variable as unset, as .env lines like DECIDER= leave it', async () => {
    const r = await runMemdeskProcess(['tickets', '--json'], testEnv({ DECIDER: '', MEMORY: '', LOG_LEVEL: '', MODEL_HEDGE: '' }));
    expect(r.stderr).not.toMatch(/Invalid configuration/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('takes MEMDESK_NOW only as an ISO date or datetime, not whatever Date.parse reads (12/01/2026, 1)', async () => {
    for (const now of ['12/01/2026', '1']) {
      const r = await memdesk(['tickets'], testEnv({ MEMDESK_NOW: now }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('MEMDESK_NOW: must be an ISO date or datetime');
    }
  });

  it('names MEMDESK_DATA_DIR when it cannot be a folder, without a stack trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'memdesk-cli-datadir-')), 'not-a-folder');
    writeFileSync(file, '');
    const r = await memdesk(['tickets'], testEnv({ MEMDESK_DATA_DIR: file }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`MEMDESK_DATA_DIR: cannot create the folder ${file}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('kb import --json names what it wrote, left unchanged and skipped, and the sync it ran', async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-kb-import-'));
    const r = await memdesk(['kb', 'import', 'test/knowledge/fixtures/intercom-articles.json', '--json'], testEnv({ KNOWLEDGE_DIR: knowledgeDir }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      source: 'intercom',
      written: ['imported/intercom/6871119-connect-your-calendar'],
      unchanged: [],
      skipped: [{ item: expect.any(String), reason: expect.any(String) }],
      sync: { added: ['imported/intercom/6871119-connect-your-calendar'], updated: [], removed: [], unchanged: 0 },
    });
  });

  it('refuses an article whose url is not an http(s) URL, naming the file and the field', async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-kb-url-'));
    writeFileSync(join(knowledgeDir, 'invoices.md'), '---\ntitle: Invoices\nurl: javascript:alert(1)\nupdated: 2026-10-01\n---\nOpen Settings > Billing.\n');
    const r = await memdesk(['kb', 'sync'], testEnv({ KNOWLEDGE_DIR: knowledgeDir }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invoices.md');
    expect(r.stderr).toMatch(/"url" must be an http\(s\) URL/);
  });
});
