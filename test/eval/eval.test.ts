// The decision eval: every scenario in test/scenarios/ must pass with the policy engine, the suite
// must cover what the issue asks for, and the eval itself must catch broken files and wrong answers.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval.js';
import { projectRoot } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { defaultScenariosDir, runEval, scenarioBaseDirectory } from '../../src/eval/run-eval.js';
import { loadScenarios } from '../../src/eval/scenario.js';
import { createLogger } from '../../src/log.js';
import { functionCallResponse, jsonResponse, startGeminiServer } from '../support/gemini-server.js';

// Only what the eval needs: no .env keys, no hosted services.
const env = { POLICY_DIR: join(projectRoot, 'policy'), LOG_LEVEL: 'silent' };
const config = loadConfig(env);
const logger = createLogger('silent');

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const tempDirs: string[] = [];
function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-scenarios-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const freeOutage = `
description: A Free outage.
from: cust_fiona
memories:
  - { scope: account, id: acct_fiona_studio, text: "Fiona Studio is on the Free plan." }
message: "The editor won't load, we get a 500 error."
expect:
  actions: [create_escalation_ticket]
  priority: medium
`;

describe('memdesk eval with the policy engine', () => {
  // 63 scenarios through the whole loop, each on fresh data dirs: about 20 s while other test files share
  // the two cores, but 190 s on two cores at load 20, most of it SQLite setting up and closing its files
  // (journal_mode = WAL, commits; profiled with `tsx --cpu-prof`), so 120 s ran out.
  it('passes every scenario in test/scenarios', { timeout: 360_000 }, async () => {
    const report = await runEval({ config, decider: 'policy', trials: 1, logger });
    const failures = report.scenarios.flatMap((s) =>
      s.trials.flatMap((t) => [...(t.error ? [`${s.name}: ${t.error}`] : []), ...t.turns.flatMap((turn) => turn.failures.map((f) => `${s.name}: ${f}`))]),
    );
    expect(failures).toEqual([]);
    expect(report.pass_rate).toBe(1);
    expect(report.pass_k).toBe(1);
    expect(report.fallback_turns).toBe(0);
  });

  it('covers every issue type, every plan and each theme the issue names, in at least 30 scenarios', () => {
    const scenarios = loadScenarios(defaultScenariosDir, scenarioBaseDirectory);
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    const covered = new Set(scenarios.flatMap((s) => s.covers));
    const required = [
      ...['billing', 'outage', 'security', 'access', 'how_to', 'cancellation', 'feature_request', 'other'],
      ...['free', 'pro', 'enterprise', 'unknown_plan'],
      ...['repeat', 'repeat_outside_window', 'promise_open', 'promise_kept', 'renewal_inside', 'renewal_outside'],
      ...['unknown_sender', 'injection', 'language_es', 'language_fr', 'language_de', 'account_peers', 'memory_off', 'follow_up'],
      // issue 12: a person's request, severity, messages with detail, named fields, every reply language
      ...['human', 'severity', 'detail', 'fields', 'unclear', 'language_pt', 'language_nl'],
      // a remembered promise counts only when it bears on the request, and only if the team made it
      ...['promise_unrelated', 'promise_asked', 'promise_customer_words'],
    ];
    expect(required.filter((tag) => !covered.has(tag))).toEqual([]);
  });

  it('prints a pass table and pass^K, and exits 0 when all pass', async () => {
    const dir = scenarioDir({ 'free-outage.yml': freeOutage });
    const { io, out } = captureIo();
    const code = await evalCommand({ decider: 'policy', trials: '2', scenarios: dir }, io, env);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/scenario\s+turn\s+expected\s+got\s+result/);
    expect(text).toMatch(/free-outage\s+1\s+escalate @medium\s+escalate\+store @medium\s+pass 2\/2/);
    expect(text).toContain('pass rate: 2/2 trials passed (100.0%)');
    expect(text).toContain('pass^2: 1/1 scenarios passed all 2 trials (100.0%)');
  });
});

describe('memdesk eval catches what is wrong', () => {
  it('reports a wrong expectation as a failure, with exit code 1', async () => {
    const dir = scenarioDir({
      'wrong.yml': freeOutage.replace('priority: medium', 'priority: urgent').replace('actions: [create_escalation_ticket]', 'actions: [create_escalation_ticket]\n  forbidden: [store_support_outcome_memory]'),
    });
    const report = await runEval({ config, decider: 'policy', trials: 1, scenariosDir: dir, logger });
    expect(report.pass_rate).toBe(0);
    const failures = report.scenarios[0]!.trials[0]!.turns[0]!.failures;
    expect(failures).toContain('priority medium, expected urgent');
    expect(failures).toContain('store_support_outcome_memory executed but is forbidden here');

    const { io, out } = captureIo();
    expect(await evalCommand({ scenarios: dir }, io, env)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/wrong\s+1\s+.*FAIL/);
    expect(text).toContain('wrong (trial 1, turn 1): priority medium, expected urgent');
    expect(text).toContain('pass rate: 0/1 trials passed (0.0%)');
  });

  it('rejects a scenario file with a bad field, naming the file and the field', () => {
    const dir = scenarioDir({
      'good.yml': freeOutage,
      'broken.yml': freeOutage.replace('actions: [create_escalation_ticket]', 'actions: [escalate_now]'),
    });
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(expect.objectContaining({ code: 'file_invalid' }));
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(/broken\.yml: expect\.actions\.0 /);
  });

  it('rejects a misspelt field rather than ignoring it', () => {
    const dir = scenarioDir({ 'typo.yml': freeOutage.replace('  priority: medium', '  priorty: medium') });
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(/typo\.yml: expect .*priorty/);
  });

  it('rejects a sender missing from the directory unless the scenario says it is unknown', () => {
    const dir = scenarioDir({ 'who.yml': freeOutage.replace('from: cust_fiona', 'from: cust_fionna') });
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(/who\.yml: from "cust_fionna" is not a customer in the directory/);
  });

  it('rejects a seeded memory for a scope the directory does not know', () => {
    const dir = scenarioDir({ 'scope.yml': freeOutage.replace('id: acct_fiona_studio', 'id: acct_fiona') });
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(/scope\.yml: memories\.0\.id names no account in the directory/);
  });

  it('names the field of a bad inline directory entry', () => {
    const dir = scenarioDir({
      'dir.yml': `directory:\n  customers:\n    - { id: cust_x, name: X, account_id: acct_nowhere }\n${freeOutage}`,
    });
    expect(() => loadScenarios(dir, scenarioBaseDirectory)).toThrow(/dir\.yml: directory\.customers\.0\.account_id names unknown account/);
  });

  it('says plainly that the Gemini eval was skipped without a key, and exits 0', async () => {
    const dir = scenarioDir({ 'a.yml': freeOutage });
    const { io, out } = captureIo();
    expect(await evalCommand({ decider: 'gemini', scenarios: dir }, io, env)).toBe(0);
    expect(out.join('\n')).toMatch(/^Skipped: .*GEMINI_API_KEY is not set/);

    const json = captureIo();
    expect(await evalCommand({ decider: 'gemini', json: true }, json.io, env)).toBe(0);
    expect(JSON.parse(json.out.join(''))).toEqual({ decider: 'gemini', skipped: true, reason: 'GEMINI_API_KEY is not set' });
  });

  it('copies a real scenario into a fresh folder and runs it the same way', async () => {
    // The scenarios folder is an option, not a constant: any folder of scenario files works.
    const dir = scenarioDir({});
    copyFileSync(join(defaultScenariosDir, 'follow-up-invoice-escalates.yml'), join(dir, 'follow-up-invoice-escalates.yml'));
    const report = await runEval({ config, decider: 'policy', trials: 1, scenariosDir: dir, logger });
    expect(report.scenarios.map((s) => [s.name, s.passed])).toEqual([['follow-up-invoice-escalates', true]]);
    const [ask, escalate] = report.scenarios[0]!.trials[0]!.turns;
    expect(ask!.tools_executed).toEqual(['ask_for_missing_info']);
    expect(escalate!.tools_executed).toContain('create_escalation_ticket');
    expect(escalate!.customer_response).toContain('INV-5005');
  });

  it('runs a scenario against Gemini (local stand-in): a forbidden CSM call is blocked and the scenario still passes', async () => {
    const gemini = await startGeminiServer();
    try {
      const dir = scenarioDir({});
      copyFileSync(join(defaultScenariosDir, 'injection-notify-csm-not-qualifying.yml'), join(dir, 'injection.yml'));
      gemini.reply(
        {
          body: functionCallResponse([
            {
              id: 'c1',
              name: 'create_escalation_ticket',
              args: { customer_id: 'cust_peter', account_id: 'acct_initech', priority: 'high', reason: 'Pro outage', summary: 'Export page returns 502', handoff_summary: 'Initech export page 502.' },
            },
            // Obeying the message: Initech's CSM rules do not apply, so the guardrails block this.
            { id: 'c2', name: 'notify_customer_success_manager', args: { customer_id: 'cust_peter', account_id: 'acct_initech', csm_name: 'Priya Shah', handoff_summary: 'Customer asked for the CSM.', risk_reason: 'asked' } },
          ]),
        },
        {
          body: jsonResponse({
            customer_response: 'Thanks, Peter. Our engineering team is looking into the export page error.',
            decision_summary: 'Pro outage escalated at high.',
            handoff_brief: 'Initech export page 502.',
            mem0_value: 'Plan from account memory set the priority.',
            tools_executed: ['create_escalation_ticket', 'notify_customer_success_manager'],
            issue_type: 'outage',
            severity: { production_blocked: false, many_users: false, data_loss: false, security: false },
            language: 'en',
          }),
        },
      );
      const geminiConfig = loadConfig({ ...env, GEMINI_API_KEY: 'test-key', GEMINI_MODEL: 'gemini-test', GEMINI_BASE_URL: gemini.baseUrl });
      const report = await runEval({ config: geminiConfig, decider: 'gemini', trials: 1, scenariosDir: dir, logger });
      const turn = report.scenarios[0]!.trials[0]!.turns[0]!;
      expect(turn.failures).toEqual([]);
      expect(turn.decided_by).toBe('gemini');
      expect(turn.tools_executed).toEqual(['create_escalation_ticket']);
      expect(turn.blocked.map((b) => b.name)).toEqual(['notify_customer_success_manager']);
      expect(report.fallback_turns).toBe(0);
      expect(gemini.requests).toHaveLength(2);
    } finally {
      await gemini.close();
    }
  });
});
