// A customer or account id memdesk has never heard of is a usage error naming the id (exit 2), not an
// empty list, an empty report or a silent "erased 0": a typo must not look like "nothing remembered".
// Ids the directory knows, and scopes known only by their records, still work. Each command runs in
// process (runCli, what the project's bin runs): its output, exit status and records are the point.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMemdesk as memdesk } from '../support/memdesk-cli.js';
import { testEnv } from '../support/memdesk-env.js';

describe('unknown customer and account ids on the command line', () => {
  it('memory list and forget name an unknown id, exit 2 and erase nothing', async () => {
    const env = testEnv();
    await memdesk(['seed'], env);

    const list = await memdesk(['memory', 'list', '--customer', 'cust_bem'], env);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/unknown customer "cust_bem": it is not in DIRECTORY_FILE \(.*directory\.yml\)/);
    expect(list.stderr).toContain('cust_ben');
    expect(list.stdout).toBe('');

    const listAccount = await memdesk(['memory', 'list', '--account', 'acct_globx', '--json'], env);
    expect(listAccount.code).toBe(2);
    expect(listAccount.stderr).toMatch(/unknown account "acct_globx"/);

    const forget = await memdesk(['memory', 'forget', '--account', 'acct_globx'], env);
    expect(forget.code).toBe(2);
    expect(forget.stderr).toMatch(/unknown account "acct_globx"/);
    expect(forget.stdout).not.toMatch(/Erased/);

    // Known ids are unchanged: a known customer with nothing remembered is an empty list, not an error.
    const fiona = await memdesk(['memory', 'list', '--customer', 'cust_fiona'], env);
    expect(fiona.code).toBe(0);
    expect(fiona.stdout).toMatch(/Nothing remembered for customer cust_fiona/);
    const globex = JSON.parse((await memdesk(['memory', 'list', '--account', 'acct_globex', '--json'], env)).stdout) as unknown[];
    expect(globex.length).toBeGreaterThan(0);
  }, 120_000);

  it('seed --file refuses a memory for an id no one has heard of, naming the file and the id, and writes none of the file', async () => {
    const env = testEnv();
    const file = join(mkdtempSync(join(tmpdir(), 'memdesk-seed-')), 'seed.yml');
    writeFileSync(
      file,
      ['memories:', '  - scope: account', '    id: acct_globex', '    text: Globex prefers email updates.', '  - scope: customer', '    id: cust_bem', '    text: Ben is on leave until Monday.', ''].join('\n'),
    );
    const seeded = await memdesk(['seed', '--file', file], env);
    expect(seeded.code).toBe(2);
    expect(seeded.stderr).toContain(file);
    expect(seeded.stderr).toMatch(/unknown customer "cust_bem": it is not in DIRECTORY_FILE/);
    // The valid line was not written either.
    const globex = await memdesk(['memory', 'list', '--account', 'acct_globex', '--json'], env);
    expect(JSON.parse(globex.stdout)).toEqual([]);
  }, 60_000);

  it('report --account names an unknown account and exits 2; a known one reports', async () => {
    const env = testEnv();
    const report = await memdesk(['report', '--account', 'acct_nowhere', '--json'], env);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/unknown account "acct_nowhere": it is not in DIRECTORY_FILE/);
    expect(report.stdout).toBe('');

    const known = await memdesk(['report', '--account', 'acct_globex', '--json'], env);
    expect(known.code).toBe(0);
    expect(JSON.parse(known.stdout)).toMatchObject({ tickets: 0, account_id: 'acct_globex' });
  }, 60_000);

  it('an account known only by its tickets (a sender the directory could not place) still reports', async () => {
    const env = testEnv();
    const ask = await memdesk(['ask', '--user', 'U0STRANGER', '--json', 'I was charged twice for invoice INV-1234'], env);
    const { account_id } = JSON.parse(ask.stdout) as { account_id: string };
    const report = await memdesk(['report', '--account', account_id, '--json'], env);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ tickets: 1 });
  }, 60_000);
});
