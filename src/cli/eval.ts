// `memdesk eval`: runs the decision scenarios (test/scenarios/ by default) against the policy engine
// (Gemini, an OpenAI-compatible model) and prints a pass table, the pass rate and, with --trials K, pass^K. Exit code 1 when
// any scenario failed, so CI can gate on it.
import { loadConfig } from '../config.js';
import { runEval, type EvalReport, type ScenarioReport } from '../eval/run-eval.js';
import { describeTurn } from '../eval/score.js';
import { createLogger } from '../log.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';
import { memdeskError } from '../errors.js';

export interface EvalOptions {
  set?: string;
  questions?: string;
  without?: string;
  with?: string;
  decider?: string;
  trials?: string | number;
  scenarios?: string;
  /** --set real: another JSON-lines file of labelled messages (default eval/real/messages.jsonl); --set knowledge: another
   * questions file (default eval/knowledge/questions.jsonl; eval/knowledge/public.jsonl holds public questions). */
  file?: string;
  json?: boolean;
}

/** Returns the process exit code: 0 when every scenario passed (or the run was skipped), else 1. */
export async function evalCommand(opts: EvalOptions, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  if (opts.set === 'knowledge') {
    const { knowledgeEvalCommand } = await import('./eval-knowledge.js');
    // --file names the set's file for every set; --questions is the knowledge set's older name for it.
    if (opts.file && opts.questions && opts.file !== opts.questions) throw memdeskError('usage', `--file and --questions name two different question files ("${opts.file}", "${opts.questions}"); give one`);
    const questions = opts.questions ?? opts.file;
    return knowledgeEvalCommand({ ...opts, ...(questions ? { questions } : {}) }, io, env);
  }
  if (opts.set === 'real') {
    const { realEvalCommand } = await import('./eval-real.js');
    return realEvalCommand({ ...(opts.decider ? { decider: opts.decider } : {}), ...(opts.file ? { file: opts.file } : {}), ...(opts.json ? { json: true } : {}) }, io, env);
  }
  if (opts.set !== undefined && opts.set !== 'scenarios') throw memdeskError('usage', `--set must be scenarios, real or knowledge (got "${opts.set}")`);
  const decider = opts.decider ?? 'policy';
  if (decider !== 'policy' && decider !== 'gemini' && decider !== 'openai') {
    throw memdeskError('usage', `--decider must be policy, gemini or openai (got "${decider}")`);
  }
  const trials = Number(opts.trials ?? 1);
  if (!Number.isInteger(trials) || trials < 1 || trials > 100) throw memdeskError('usage', `--trials must be a whole number from 1 to 100 (got "${opts.trials}")`);

  // The eval picks the decider itself; DECIDER and MEMORY in the environment do not apply here.
  const config = loadConfig({ ...env, DECIDER: 'policy', MEMORY: 'local' });
  if (decider === 'gemini' && !config.GEMINI_API_KEY) {
    const reason = 'GEMINI_API_KEY is not set';
    if (opts.json) io.out(JSON.stringify({ decider, skipped: true, reason }));
    else io.out(`Skipped: the Gemini eval needs a key (${reason}). Nothing was run. Run \`memdesk eval --decider policy\` for the offline engine.`);
    return 0;
  }
  if (decider === 'openai' && (!config.OPENAI_BASE_URL || !config.OPENAI_MODEL)) {
    const reason = !config.OPENAI_BASE_URL ? 'OPENAI_BASE_URL is not set' : 'OPENAI_MODEL is not set';
    if (opts.json) io.out(JSON.stringify({ decider, skipped: true, reason }));
    else
      io.out(
        `Skipped: the OpenAI-compatible eval needs a server and a model (${reason}). Nothing was run. ` +
          'Set OPENAI_BASE_URL (e.g. http://localhost:11434/v1) and OPENAI_MODEL, or run `memdesk eval --decider policy` for the offline engine.',
      );
    return 0;
  }

  const report = await runEval({
    config,
    decider,
    trials,
    ...(opts.scenarios ? { scenariosDir: opts.scenarios } : {}),
    // Ticket logs would bury the table; what each turn did is in the report itself.
    logger: createLogger('silent'),
    // A real model takes a while: show each scenario as it finishes.
    ...(decider !== 'policy' && !opts.json ? { onScenario: (r: ScenarioReport) => io.err(`  ${r.name}: ${r.passed ? 'pass' : 'FAIL'}`) } : {}),
  });
  io.out(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.scenarios.every((s) => s.passed) ? 0 : 1;
}

export function formatReport(r: EvalReport): string {
  const rows: string[][] = [];
  for (const s of r.scenarios) {
    // Show the first failing trial, so what went wrong is what the row says.
    const shown = s.trials.find((t) => !t.passed) ?? s.trials[0]!;
    s.expected.forEach((expected, i) => {
      const turn = shown.turns[i];
      // A turn the chosen decider did not decide itself says who did, so a fallback never passes unnoticed.
      const by = turn && turn.decided_by !== r.decider ? ` [${turn.decided_by}]` : '';
      const got = turn ? `${describeTurn(turn)}${by}` : shown.error ? 'error' : '(not run)';
      const ok = turn ? turn.failures.length === 0 : false;
      const result = i === 0 ? `${s.passed ? 'pass' : 'FAIL'}${r.trials > 1 ? ` ${s.passed_trials}/${r.trials}` : ''}` : '';
      rows.push([i === 0 ? s.name : '', String(i + 1), expected, got, s.expected.length > 1 && !ok ? `${result} (turn ${i + 1} ✗)`.trim() : result]);
    });
  }
  const lines = [
    `memdesk eval — decider ${r.decider}, ${r.scenarios.length} scenarios from ${r.scenarios_dir}${r.trials > 1 ? `, ${r.trials} trials each` : ''}`,
    '',
    renderTable(['scenario', 'turn', 'expected', 'got', 'result'], rows),
  ];

  const failures = r.scenarios.flatMap((s) =>
    s.trials.flatMap((t, k) => [
      ...(t.error ? [`${s.name} (trial ${k + 1}): error: ${t.error}`] : []),
      ...t.turns.flatMap((turn, i) => turn.failures.map((f) => `${s.name} (trial ${k + 1}, turn ${i + 1}): ${f}`)),
    ]),
  );
  if (failures.length) lines.push('', 'Failures:', ...failures.map((f) => `  ${clip(f, 300)}`));

  const allTrials = r.scenarios.length * r.trials;
  const passedTrials = r.scenarios.reduce((n, s) => n + s.passed_trials, 0);
  const passedAll = r.scenarios.filter((s) => s.passed).length;
  lines.push('', `pass rate: ${passedTrials}/${allTrials} trials passed (${percent(r.pass_rate)})`);
  if (r.trials > 1) lines.push(`pass^${r.trials}: ${passedAll}/${r.scenarios.length} scenarios passed all ${r.trials} trials (${percent(r.pass_k)})`);
  if (r.fallback_turns) lines.push(`note: ${r.fallback_turns} turns were decided by the policy engine (fallback or safety net), not ${r.decider}`);
  return lines.join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
