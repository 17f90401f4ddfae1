// npx tsx scripts/measure-sections.ts [-- --engine postgres] [--misses]: how often a how-to answer quotes the
// section that answers the question, over the hand-labelled rows of eval/knowledge/sections.yml (questions of
// questions.jsonl and public.jsonl whose article has several sections; labelled before any search ran on them).
// Each question is searched as the loop searches it (5 customer passages) and the quoted sections are the
// offline decider's (src/decide/answer-sections.ts). A question counts when its expected article comes first;
// "answered" ones also clear knowledge.min_score (the others go to a person, quoting nothing). Printed for all
// rows and for the odd ids (where choices are made) and even ids (held out) apart.
// `--engine postgres` searches DATABASE_URL's PostgreSQL in its own schema (memdesk_sections_measure).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { projectRoot } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { toPacketPassages } from '../src/core/packet.js';
import { answerSections } from '../src/decide/answer-sections.js';
import { isTuningQuestion, readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { createEmbeddedKnowledgeBase } from '../src/knowledge/embedded.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';
import { loadKnowledgeRules } from '../src/knowledge/knowledge-rules.js';
import { createPostgresKnowledgeBase } from '../src/knowledge/postgres.js';

const { values: args } = parseArgs({ options: { engine: { type: 'string', default: 'embedded' }, misses: { type: 'boolean', default: false } } });
const config = loadConfig();
if (args.engine === 'postgres' && !config.DATABASE_URL) throw new Error('--engine postgres needs DATABASE_URL');
const kb = args.engine === 'postgres' ? await createPostgresKnowledgeBase({ url: config.DATABASE_URL!, schema: 'memdesk_sections_measure' }) : createEmbeddedKnowledgeBase();
await kb.sync(readKnowledgeDir(config.KNOWLEDGE_DIR));
const { min_score } = loadKnowledgeRules(config.POLICY_DIR);
const labels = parse(readFileSync(join(projectRoot, 'eval', 'knowledge', 'sections.yml'), 'utf8')) as Record<string, string[]>;

const share = (n: number, of: number) => `${n}/${of} = ${of ? (n / of).toFixed(3) : '—'}`;
for (const file of ['questions.jsonl', 'public.jsonl']) {
  for (const half of ['all', 'odd', 'even'] as const) {
  const rows = readKnowledgeQuestions(join(projectRoot, 'eval', 'knowledge', file)).filter((q) => labels[q.id] && (half === 'all' || isTuningQuestion(q) === (half === 'odd')));
  let onlyRight = 0;
  let first = 0;
  let right = 0;
  let firstRight = 0;
  let answered = 0;
  let answeredRight = 0;
  const misses: string[] = [];
  for (const q of rows) {
    const passages = toPacketPassages(await kb.search(q.question, { limit: 5, audience: 'customer' }));
    const best = passages[0];
    if (best?.article_id !== q.expected) continue;
    first++;
    const quoted = answerSections(passages, best.article_id).map((p) => p.heading);
    const ok = quoted.some((h) => labels[q.id]!.includes(h));
    right += ok ? 1 : 0;
    firstRight += labels[q.id]!.includes(quoted[0] ?? '') ? 1 : 0;
    onlyRight += quoted.every((h) => labels[q.id]!.includes(h)) ? 1 : 0;
    if (best.score >= min_score) {
      answered++;
      answeredRight += ok ? 1 : 0;
    }
    if (!ok) misses.push(`  ${q.id} quoted [${quoted.join(' | ')}], labelled [${labels[q.id]!.join(' | ')}]: ${q.question.slice(0, 100)}`);
  }
  console.log(`${file} (${args.engine}), ${half} ids: ${rows.length} labelled; expected article first for ${first}`);
  console.log(`  right section quoted:        ${share(right, first)}`);
  console.log(`  right section quoted first:  ${share(firstRight, first)}`);
  console.log(`  no wrong section quoted:     ${share(onlyRight, first)}`);
  console.log(`  answered (score ≥ ${min_score}), right section quoted: ${share(answeredRight, answered)}`);
  if (args.misses && half === 'all') console.log(misses.join('\n'));
  }
}
await kb.close();
