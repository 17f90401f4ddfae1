// The public command line, each command run in process (runCli, what the project's bin runs), asserting
// output, exit status and records. The bin itself, as a process, is test/cli/public-surface.test.ts.
import { describe, expect, it } from 'vitest';
import { testEnv, DEMO_MESSAGE } from '../support/memdesk-env.js';
import { runMemdesk } from '../support/memdesk-cli.js';

const memdesk = runMemdesk;

describe('memdesk CLI', () => {
  it('demo --json prints the before/after table in its documented shape', async () => {
    const env = testEnv();
    const r = await memdesk(['demo', '--json'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { customer_id: string; phase: string; tools_executed: string[]; priority: string | null; customer_response: string; name: string }[];
    expect(rows).toHaveLength(6);
    const pick = (c: string, p: string) => rows.find((x) => x.customer_id === c && x.phase === p)!;
    for (const c of ['cust_fiona', 'cust_ben', 'cust_elena']) expect(pick(c, 'baseline').tools_executed).toEqual(['ask_for_missing_info']);
    expect(pick('cust_fiona', 'seeded').tools_executed).toEqual(['ask_for_missing_info']);
    expect(pick('cust_ben', 'seeded')).toMatchObject({ priority: 'urgent', name: 'Ben Carter' });
    expect(pick('cust_ben', 'seeded').tools_executed).toContain('create_escalation_ticket');
    expect(pick('cust_elena', 'seeded').tools_executed).toEqual(
      expect.arrayContaining(['create_escalation_ticket', 'notify_customer_success_manager', 'store_support_outcome_memory']),
    );
  });

  it('seed, ask, continue a ticket, list tickets, list and forget memory', async () => {
    const env = testEnv();
    expect((await memdesk(['seed'], env)).stdout).toMatch(/Seeded 7 memories/);

    const ask = await memdesk(['ask', '--user', 'U0FIONA', '--json', DEMO_MESSAGE], env);
    expect(ask.code).toBe(0);
    const first = JSON.parse(ask.stdout);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['ticket_id', 'trace_id', 'customer_id', 'account_id', 'decided_by', 'memory_enabled', 'retrieved', 'tool_calls', 'customer_response', 'decision_summary', 'handoff_brief', 'mem0_value', 'tools_executed']),
    );
    expect(first.reading).toEqual({
      issue_type: 'billing',
      confidence: expect.any(Number),
      severity: { production_blocked: false, many_users: false, data_loss: false, security: false },
      language: 'en',
      asks_for_human: false,
    });
    expect(first.tool_calls[0]).toMatchObject({ name: 'ask_for_missing_info', status: 'executed' });

    const cont = JSON.parse((await memdesk(['ask', '--user', 'cust_fiona', '--ticket', first.ticket_id, '--json', 'INV-7731'], env)).stdout);
    expect(cont.ticket_id).toBe(first.ticket_id);
    expect(cont.tools_executed).toContain('create_escalation_ticket');

    const tickets = JSON.parse((await memdesk(['tickets', '--json'], env)).stdout);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ ticket_id: first.ticket_id, customer_id: 'cust_fiona', account_id: 'acct_fiona_studio', status: 'escalated', priority: 'low' });
    expect(Object.keys(tickets[0])).toEqual(expect.arrayContaining(['sla_due_at', 'created_at']));

    const human = await memdesk(['tickets'], env);
    expect(human.stdout).toContain(first.ticket_id);

    const listed = JSON.parse((await memdesk(['memory', 'list', '--account', 'acct_globex', '--json'], env)).stdout);
    expect(listed.map((m: { memory: string }) => m.memory)).toContain("Globex's customer success manager (CSM) is Dana Lee.");
    const forgot = JSON.parse((await memdesk(['memory', 'forget', '--account', 'acct_globex', '--json'], env)).stdout);
    expect(forgot.removed).toBe(3);
    expect(JSON.parse((await memdesk(['memory', 'list', '--account', 'acct_globex', '--json'], env)).stdout)).toEqual([]);
  }, 120_000); // eight commands, each composing the whole app

  it('bad input gets a clear error and a non-zero exit', async () => {
    const env = testEnv();
    const empty = await memdesk(['ask', '--user', 'cust_ben', '   '], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/message is empty/);
    expect(JSON.parse((await memdesk(['tickets', '--json'], env)).stdout)).toEqual([]);

    const badEnv = await memdesk(['tickets'], { ...env, DECIDER: 'oracle' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/DECIDER/);

    const both = await memdesk(['memory', 'list'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --customer ID or --account ID/);
  });

  it("writes its log lines to its own stderr, as JSON, and keeps stdout to the command's output", async () => {
    const r = await memdesk(['tickets', '--json'], testEnv({ LOG_LEVEL: 'info' }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    // A fresh data dir indexes the help center at start, and says so.
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { app: string; msg: string });
    expect(lines).toContainEqual(expect.objectContaining({ app: 'memdesk', msg: 'help center synced' }));
  });
});
