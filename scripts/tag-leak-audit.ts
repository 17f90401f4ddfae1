// npx tsx scripts/tag-leak-audit.ts [revision]: which article tags and headings repeat a phrase of a
// knowledge eval question (eval/knowledge/questions.jsonl). A tag written from an eval question inflates
// the eval: the question then meets its own words. Prints, per article, each tag or heading whose terms
// (analyzer.ts: stop words dropped, stemmed) occur together in a question (in order or within two words),
// and each one-word tag that no article's text holds but a question does, with whether the phrase is in
// the article's own text and whether the tag is newer than `revision` (default 658bb91, the help center as
// first written, before any tag was added). It only lists candidates: a person judges which ones are
// plainly the question's wording rather than the product's (the rule is in the commit that used it).
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { termsOf } from '../src/knowledge/analyzer.js';
import { readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { readKnowledgeDir } from '../src/knowledge/knowledge-dir.js';

const revision = process.argv[2] ?? '658bb91';
const articles = readKnowledgeDir('knowledge');
const questions = readKnowledgeQuestions('eval/knowledge/questions.jsonl').map((q) => ({ q, terms: termsOf(q.question) }));
const allText = new Set(articles.flatMap((a) => termsOf(a.body)));

/** The tags an article had at `revision`, or none when it did not exist then. */
function tagsAt(id: string): Set<string> {
  try {
    const text = execFileSync('git', ['show', `${revision}:knowledge/${id}.md`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = /^tags: (.*)$/m.exec(text)?.[1];
    return new Set(line ? (parse(line) as unknown[]).map(String) : []);
  } catch {
    return new Set();
  }
}

/** The phrase's terms all occur in the question, starting at one of them and within its length + 2 terms. */
function near(question: string[], phrase: string[]): boolean {
  for (let i = 0; i < question.length; i++) {
    if (!phrase.includes(question[i]!)) continue;
    const window = new Set(question.slice(i, i + phrase.length + 2));
    if (phrase.every((t) => window.has(t))) return true;
  }
  return false;
}

const contiguous = (text: string[], phrase: string[]): boolean => text.some((_, i) => phrase.every((t, k) => text[i + k] === t));

let candidates = 0;
for (const a of articles) {
  const before = tagsAt(a.id);
  const body = termsOf(a.body);
  const phrases = [...a.tags.map((t) => ({ kind: 'tag', text: t })), ...[...a.body.matchAll(/^#+ (.+)$/gm)].map((m) => ({ kind: 'heading', text: m[1]! }))];
  for (const { kind, text } of phrases) {
    const terms = termsOf(text);
    const hits =
      terms.length >= 2 ? questions.filter((q) => near(q.terms, terms)) : terms.length === 1 && !allText.has(terms[0]!) ? questions.filter((q) => q.terms.includes(terms[0]!)) : [];
    if (hits.length === 0) continue;
    candidates++;
    const added = kind === 'tag' && !before.has(text) ? 'added' : 'original';
    const inText = contiguous(body, terms) ? 'in text' : 'not in text';
    const shown = hits.slice(0, 3).map((h) => `${h.q.id}${h.q.expected === a.id ? '' : ` (${h.q.expected})`}: ${h.q.question.slice(0, 80)}`);
    console.log([a.id, kind, JSON.stringify(text), added, inText, shown.join(' | ')].join('\t'));
  }
}
console.error(`${candidates} tags and headings share a phrase with an eval question`);
