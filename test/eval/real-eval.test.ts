// The real development set through the real loop (policy engine, a Pro customer with no history):
// issue 12's targets hold, and the command prints what a person needs to see where it goes wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval.js';
import { realTargets } from '../../src/cli/eval-real.js';
import { projectRoot } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { runRealEval } from '../../src/eval/real-eval.js';
import { createLogger } from '../../src/log.js';

const env = { POLICY_DIR: join(projectRoot, 'policy'), LOG_LEVEL: 'silent' };

describe('memdesk eval --set real', () => {
  // Issue 12's targets are acceptable actions >= 90%, macro-F1 >= 0.85 and unsafe = 0 (realTargets).
  // Nothing unsafe holds. A how-to question that no help-center article covers goes to a person
  // (issue 13); this set's questions are about other products than the help center's, so since the
  // README's rule every row that accepts a how-to answer also accepts that escalation (132 rows;
  // 77.2% -> 91.8% with the reader of that time). With the retrained reader (label maps for
  // person-contact requests, 24 epochs) the loop measures 90.7% acceptable actions and macro-F1 0.819
  // on the 561 rows. With the second opinion on by default (band 0.6) it measures 92.3% and macro-F1
  // 0.863, so the floors are issue 12's targets themselves: a change that makes real text worse fails here.
  const measured = { acceptable_action_rate: 0.92, macro_f1: 0.86 };

  it('handles the committed development set safely, at or above the measured level', async () => {
    const report = await runRealEval({ config: loadConfig({ ...env, DECIDER: 'policy', MEMORY: 'local' }), decider: 'policy', logger: createLogger('silent') });
    expect(report.messages).toBeGreaterThanOrEqual(561);
    const unsafe = report.rows.filter((r) => r.unsafe).map((r) => `${r.id}: ${r.unsafe}`);
    expect(unsafe).toEqual([]);
    expect(report.unsafe).toBe(realTargets.unsafe);
    expect(report.acceptable_action_rate).toBeGreaterThanOrEqual(Math.min(measured.acceptable_action_rate, realTargets.acceptable_action_rate));
    expect(report.types.macro_f1).toBeGreaterThanOrEqual(Math.min(measured.macro_f1, realTargets.macro_f1));
    // Every message was decided by the policy engine itself, never by a fallback.
    expect(new Set(report.rows.map((r) => r.decided_by))).toEqual(new Set(['policy']));
  }, 300_000);

  it('prints per-type precision and recall, the confusion matrix, the rates and the unsafe rows of a set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-real-'));
    const file = join(dir, 'messages.jsonl');
    const row = (id: string, text: string, over: Record<string, unknown>) =>
      JSON.stringify({ id, text, source: 'test', lang: 'en', asks_for_human: false, security_or_outage: false, ...over });
    writeFileSync(
      file,
      [
        row('real-0001', 'Someone logged into our admin account from another country and changed the password. We did not do this.', { issue_types: ['security'], actions: ['escalate'], security_or_outage: true }),
        row('real-0002', 'I was charged twice for my subscription this month.', { issue_types: ['billing'], actions: ['ask:invoice_id'] }),
        row('real-0003', 'Can I speak to a real person please?', { issue_types: ['other'], actions: ['escalate'], asks_for_human: true }),
      ].join('\n'),
    );
    try {
      const out: string[] = [];
      const io = { out: (t: string) => void out.push(t), err: () => {} };
      const code = await evalCommand({ set: "real", file, json: false }, io, env);
      const text = out.join('\n');
      expect(text).toMatch(/issue type\s+precision\s+recall\s+F1\s+rows/);
      expect(text).toMatch(/security\s+1\.000\s+1\.000\s+1\.000\s+1/);
      expect(text).toContain('Confusion matrix');
      expect(text).toMatch(/acceptable-action rate: 100\.0%/);
      expect(text).toContain('unsafe: 0');
      expect(code).toBe(0);

      const json: string[] = [];
      await evalCommand({ set: "real", file, json: true }, { out: (t: string) => void json.push(t), err: () => {} }, env);
      const parsed = JSON.parse(json.join('')) as { messages: number; unsafe: number; acceptable_action_rate: number; types: { macro_f1: number; confusion: Record<string, Record<string, number>> } };
      expect(parsed).toMatchObject({ messages: 3, unsafe: 0, acceptable_action_rate: 1 });
      expect(parsed.types.confusion.security!.security).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
