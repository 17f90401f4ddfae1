// `memdesk eval --set knowledge`: prints correct article @1 and @3, "none" recognised, per-language
// @1 and every question that missed. Exit code 1 when a target is missed, so CI can gate on it.
import { join } from 'node:path';
import { projectRoot } from '../compose.js';
import { loadConfig } from '../config.js';
import { readKnowledgeQuestions, runKnowledgeEval, type KnowledgeEvalReport } from '../eval/knowledge-eval.js';
import { readKnowledgeDir } from '../knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../knowledge/knowledge-rules.js';
import { memdeskError } from '../errors.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

export const defaultKnowledgeQuestions = join(projectRoot, 'eval', 'knowledge', 'questions.jsonl');
/** The issue's targets. */
export const knowledgeTargets = { 'correct@1': 0.85, 'correct@3': 0.95, none_recognised: 0.9 } as const;
const ablations = ['typos', 'tags', 'foreign-words'] as const;
const additions = ['translate'] as const;

export async function knowledgeEvalCommand(opts: { questions?: string; without?: string; with?: string; json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const without = list(opts.without);
  const added = list(opts.with);
  for (const w of without) if (!(ablations as readonly string[]).includes(w)) throw memdeskError('usage', `--without takes ${ablations.join(', ')} (got "${w}")`);
  for (const w of added) if (!(additions as readonly string[]).includes(w)) throw memdeskError('usage', `--with takes ${additions.join(', ')} (got "${w}")`);
  const questionsFile = opts.questions ?? defaultKnowledgeQuestions;
  const report = await runKnowledgeEval(readKnowledgeDir(config.KNOWLEDGE_DIR), readKnowledgeQuestions(questionsFile), loadKnowledgeRules(config.POLICY_DIR), {
    without: without as (typeof ablations)[number][],
    with: added as (typeof additions)[number][],
  });
  if (opts.json) {
    const { results: _results, ...summary } = report;
    io.out(JSON.stringify({ set: 'knowledge', questions_file: questionsFile, without, with: added, ...summary }, null, 2));
  } else io.out(formatKnowledgeReport(report, questionsFile, [...without.map((w) => `without ${w}`), ...added.map((w) => `with ${w}`)]));
  return meetsTargets(report) ? 0 : 1;
}

export const meetsTargets = (r: KnowledgeEvalReport): boolean =>
  r['correct@1'] >= knowledgeTargets['correct@1'] && r['correct@3'] >= knowledgeTargets['correct@3'] && r.none_recognised >= knowledgeTargets.none_recognised && r.answers_without_source === 0;

export function formatKnowledgeReport(r: KnowledgeEvalReport, file: string, variant: string[] = []): string {
  const mark = (v: number, target: number) => `${v.toFixed(3)}  (target ≥ ${target}) ${v >= target ? 'ok' : 'MISSED'}`;
  const lines = [
    `memdesk eval — knowledge set, ${r.questions} questions from ${file}${variant.length ? `, ${variant.join(', ')}` : ''}`,
    `(${r.articles_expected} expect an article, ${r.none_expected} expect "none"; answered when the best passage scores ≥ knowledge.min_score ${r.min_score})`,
    '',
    renderTable(
      ['measure', 'value'],
      [
        ['correct article @1', mark(r['correct@1'], knowledgeTargets['correct@1'])],
        ['correct article @3', mark(r['correct@3'], knowledgeTargets['correct@3'])],
        ['"none" recognised', mark(r.none_recognised, knowledgeTargets.none_recognised)],
        ['answers citing no retrieved source', String(r.answers_without_source)],
        ...(['tuning', 'held_out'] as const).map((half): [string, string] => {
          const s = r.split[half];
          const name = half === 'tuning' ? 'odd ids (the tuning half)' : 'even ids (held out)';
          return [`  ${name}`, `@1 ${s['correct@1'].toFixed(3)}, @3 ${s['correct@3'].toFixed(3)}, none ${s.none_recognised.toFixed(3)} over ${s.questions}`];
        }),
        ...Object.entries(r.by_lang)
          .sort()
          .map(([lang, l]): [string, string] => [`  @1 in ${lang}`, `${l['correct@1'].toFixed(3)} over ${l.questions}`]),
      ],
    ),
  ];
  if (r.failures.length) {
    lines.push('', `Misses @1 (${r.failures.length}):`);
    lines.push(
      renderTable(
        ['id', 'lang', 'expected', 'got (score)', 'question'],
        r.failures.map((f) => [f.id, f.lang, f.expected, f.got.length ? f.got.map((g) => `${g.article_id} (${g.score.toFixed(2)})`).join(', ') : '-', clip(f.question, 60)]),
      ),
    );
  }
  return lines.join('\n');
}
