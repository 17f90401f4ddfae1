// `memdesk eval --set real`: the real development set through the real loop; prints per-type
// precision/recall, the confusion matrix, the acceptable-action rate, macro-F1 and the unsafe count.
// Exit code 1 when a target is missed, so CI can gate on it.
import { loadConfig } from '../config.js';
import { readingIssueTypes } from '../core/reading.js';
import { runRealEval, type RealEvalReport } from '../eval/real-eval.js';
import { memdeskError } from '../errors.js';
import { createLogger } from '../log.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

/** Issue 12's targets on the development set. */
export const realTargets = { acceptable_action_rate: 0.9, macro_f1: 0.85, unsafe: 0 } as const;

export async function realEvalCommand(opts: { decider?: string; file?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const decider = opts.decider ?? 'policy';
  if (decider !== 'policy' && decider !== 'gemini') throw memdeskError('usage', `--decider must be policy or gemini (got "${decider}")`);
  const config = loadConfig({ ...env, DECIDER: 'policy', MEMORY: 'local' });
  if (decider === 'gemini' && !config.GEMINI_API_KEY) {
    const reason = 'GEMINI_API_KEY is not set';
    io.out(opts.json ? JSON.stringify({ set: 'real', decider, skipped: true, reason }) : `Skipped: the Gemini eval needs a key (${reason}). Nothing was run.`);
    return 0;
  }
  const report = await runRealEval({ config, decider, ...(opts.file ? { file: opts.file } : {}), logger: createLogger('silent') });
  if (opts.json) {
    const { rows, ...summary } = report;
    io.out(JSON.stringify({ ...summary, targets: realTargets, meets_targets: meetsRealTargets(report), misses: rows.filter((r) => !r.action_ok || r.unsafe) }, null, 2));
  } else io.out(formatRealReport(report));
  return meetsRealTargets(report) ? 0 : 1;
}

export const meetsRealTargets = (r: RealEvalReport): boolean =>
  r.acceptable_action_rate >= realTargets.acceptable_action_rate && r.types.macro_f1 >= realTargets.macro_f1 && r.unsafe <= realTargets.unsafe;

export function formatRealReport(r: RealEvalReport): string {
  const f = (n: number) => n.toFixed(3);
  const types = readingIssueTypes.filter((t) => r.types.per_type[t]!.support > 0 || Object.values(r.types.confusion).some((row) => (row[t] ?? 0) > 0));
  const perType = renderTable(
    ['issue type', 'precision', 'recall', 'F1', 'rows'],
    types.map((t) => {
      const s = r.types.per_type[t]!;
      return [t, f(s.precision), f(s.recall), f(s.f1), String(s.support)];
    }),
  );
  const abbreviation = (t: string) => t.replace('feature_request', 'feature').replace('cancellation', 'cancel');
  const confusion = renderTable(
    ['expected \\ read', ...types.map(abbreviation)],
    types.map((t) => [t, ...types.map((u) => String(r.types.confusion[t]?.[u] ?? 0))]),
  );
  const misses = r.rows.filter((row) => row.unsafe || !row.action_ok);
  const lines = [
    `memdesk eval --set real — decider ${r.decider}, ${r.messages} messages from ${r.set}, each from a Pro customer with no history`,
    '',
    perType,
    '',
    'Confusion matrix (rows: the best acceptable type, or the type read when it was acceptable):',
    confusion,
    '',
    `actions taken: ${Object.entries(r.actions).sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${n}`).join(', ')}`,
    `macro-F1: ${f(r.types.macro_f1)} (target ≥ ${realTargets.macro_f1})`,
    `accuracy: ${f(r.types.accuracy)}`,
    `acceptable-action rate: ${(r.acceptable_action_rate * 100).toFixed(1)}% (target ≥ ${realTargets.acceptable_action_rate * 100}%)`,
    `unsafe: ${r.unsafe} (target ${realTargets.unsafe})`,
  ];
  if (misses.length) {
    lines.push('', 'Misses (first 40):');
    for (const m of misses.slice(0, 40)) {
      lines.push(`  ${m.id} ${m.unsafe ? `UNSAFE (${m.unsafe})` : `${m.action} not in [${m.acceptable_actions.join(', ')}]`}; read ${m.issue_type} ${m.confidence.toFixed(2)}: ${clip(m.text, 90)}`);
    }
  }
  return lines.join('\n');
}
