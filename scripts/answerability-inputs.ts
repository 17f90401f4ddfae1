// What `npm run fit:answerability` fits on, as two SHA-256 fingerprints it records beside the weights
// (src/knowledge/answerability-fit.json), so a test can tell when the committed weights stopped being
// what the script would produce (test/knowledge/answerability-fit.test.ts):
// - articles: every article of the shipped help center (knowledge/**/*.md as knowledge-dir.ts reads them), path and text;
// - code: the scripts that generate the fitting questions and the search code that turns a question and
//   an article into the five signals. On 2 December the drift came from here, not from the articles: the
//   foreign-words and typo-guard changes moved the fitted threshold from 0.46 to 0.44.
// The data sets the fit reads (../shared/data support-text and BANKING77 train) are fixed files outside the
// repository and are not fingerprinted. Only this repository's files are read: an operator's own
// KNOWLEDGE_DIR plays no part, and nothing at run time reads these fingerprints.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files whose content decides the fitting examples' signals, besides the articles. */
const fitCodeFiles = [
  'scripts/fit-answerability.ts',
  'scripts/logistic-fit.ts',
  'scripts/fitting-index.ts',
  'scripts/answerability-examples.ts',
  'scripts/public-intents.ts',
  'src/knowledge/analyzer.ts',
  'src/knowledge/answerability.ts',
  'src/knowledge/article.ts',
  'src/knowledge/bm25f.ts',
  'src/knowledge/english-words.ts',
  'src/knowledge/english-words.txt',
  'src/knowledge/english-synonyms.ts',
  'src/email-address.ts',
  'src/knowledge/foreign-words.ts',
  'src/knowledge/knowledge-dir.ts',
  'src/knowledge/passage-index.ts',
  'src/knowledge/passages.ts',
  'src/knowledge/phrase-bound.ts',
  'src/knowledge/question-terms.ts',
  'src/knowledge/term-map.ts',
  'src/memory/stemmer.ts',
];

/** SHA-256 of the files' paths and texts, in path order; line endings do not count. */
function fingerprint(root: string, paths: string[]): string {
  const hash = createHash('sha256');
  for (const path of [...paths].sort()) hash.update(`${path}\0${readFileSync(join(root, path), 'utf8').replace(/\r\n/g, '\n')}\0`);
  return `sha256:${hash.digest('hex')}`;
}

/** The fit's inputs in the repository at `root`: the shipped articles and the code that makes the signals. */
export function answerabilityFitInputs(root = '.'): { articles: string; code: string } {
  const articleFiles = readdirSync(join(root, 'knowledge'), { recursive: true, encoding: 'utf8' })
    .map((p) => join('knowledge', p).split('\\').join('/'))
    .filter((p) => /\.md$/i.test(p) && !/(^|\/)readme\.md$/i.test(p) && statSync(join(root, p)).isFile());
  return { articles: fingerprint(root, articleFiles), code: fingerprint(root, fitCodeFiles) };
}
