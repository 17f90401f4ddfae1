// npm run train:reader [-- --data ../shared/data]: assembles the training corpus (DATA.md), trains
// the issue-type and language models, calibrates them on a held-out tenth, and writes their
// weights to src/reader/model/. Deterministic: the same corpus gives byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readingIssueTypes, supportedLanguages } from '../src/core/reading.js';
import { featureShapeSchema, LinearModel, softmax, type LinearModelFile } from '../src/reader/linear-model.js';
import { extractFeatures, type FeatureShape } from '../src/reader/text-features.js';
import { issueTypeShape, languageShape, modelDir } from '../src/reader/model-files.js';
import { trainingCorpus, type CorpusRow } from './reader/corpus.js';
import { formatScorecard, scorecard } from './reader/metrics.js';
import { fitTemperature, trainSoftmax, type TrainingExample } from './reader/train-softmax.js';
import { balancedWeights, heldOut, issueTypeSourceCap, sourceFamily, sourceWeights } from './reader/training-weights.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    'reader-data': { type: 'string', default: 'data/reader' },
    only: { type: 'string' },
    out: { type: 'string', default: modelDir },
    /** Experiments: JSON merged over the issue-type model's feature shape, e.g. '{"length":0.5}'. */
    shape: { type: 'string' },
    epochs: { type: 'string' },
    /** Experiments: override the most a small source's rows may be up-weighted (1: off). */
    'source-cap': { type: 'string' },
    /** Experiments: how strongly rare issue types are up-weighted (default 0.5: square root; 1: inverse frequency). */
    'class-power': { type: 'string' },
    /** Experiments: how much of the learnt class prior to take back out of the biases (0: none, 1: all). */
    'prior-power': { type: 'string' },
    /** Experiments: add the hand-labelled meta discussion questions (data/reader/se-meta-discussion.jsonl). */
    'with-discussion': { type: 'boolean', default: false },
    /** Experiments: another file of imported rows in place of se-meta-discussion.jsonl (implies --with-discussion). */
    'discussion-file': { type: 'string' },
    /** Experiments: fit the calibration temperature again after the prior is taken out of the biases. */
    'refit-temperature': { type: 'boolean', default: false },
  },
});

const seed = 12;


interface TrainingRow {
  text: string;
  label: string;
  source: string;
}

/** Each label's share of the training weight: the prior the model's biases have learnt. */
function learntPrior(examples: readonly TrainingExample[], k: number): number[] {
  const mass = new Array<number>(k).fill(0);
  for (const example of examples) mass[example.label]! += example.weight;
  const total = mass.reduce((a, b) => a + b, 0);
  return mass.map((m) => m / total);
}

function train(name: string, labels: readonly string[], shape: FeatureShape, rows: TrainingRow[], sourceCap: number, epochs: number, classPower = 0.5, priorPower = 0) {
  const index = new Map(labels.map((label, i) => [label, i]));
  const encoded = rows.map((row) => ({ text: row.text, features: extractFeatures(row.text, shape), label: index.get(row.label)!, source: sourceFamily(row.source) }));
  const weights = balancedWeights(encoded.map((e) => e.label), labels.length, classPower);
  const bySource = sourceWeights(encoded.map((e) => e.source), sourceCap);
  const toExample = (e: (typeof encoded)[number]): TrainingExample => ({ features: e.features, label: e.label, weight: weights[e.label]! * bySource.get(e.source)! });
  const trainSet = encoded.filter((e) => !heldOut(e.text)).map(toExample);
  const heldOutRows = encoded.filter((e) => heldOut(e.text));
  const calibrationSet = heldOutRows.map(toExample);
  const started = performance.now();
  const raw = trainSoftmax(labels, shape, trainSet, { epochs, learningRate: 0.2, l2: 1e-6, seed });
  let temperature = fitTemperature(raw, calibrationSet);
  if (priorPower > 0) {
    // Logit adjustment: the corpus's mix of types (banking queries, how-to and out-of-scope
    // questions by the thousand; a few hundred feature requests) is not a help desk's. Taking
    // `priorPower` of the learnt prior back out of the biases reads each type on its own evidence.
    const prior = learntPrior(trainSet, labels.length);
    const biasAt = shape.buckets * labels.length;
    prior.forEach((p, c) => {
      raw.weights[biasAt + c]! -= priorPower * temperature * Math.log(p);
    });
    console.log(`${name}: learnt prior ${prior.map((p, c) => `${labels[c]} ${p.toFixed(3)}`).join(', ')}; ${priorPower} of it taken out of the biases`);
    if (args['refit-temperature']) temperature = fitTemperature(raw, calibrationSet);
  }
  const model = new LinearModel(raw.labels, raw.shape, raw.weights, temperature);
  const card = scorecard(
    labels,
    calibrationSet.map((example) => {
      const probabilities = softmax(model.scores(example.features), temperature);
      const best = probabilities.indexOf(Math.max(...probabilities));
      return { predicted: labels[best]!, confidence: probabilities[best]!, acceptable: [labels[example.label]!] };
    }),
  );
  console.log(`${name}: ${trainSet.length} training rows, ${calibrationSet.length} held out, trained in ${Math.round(performance.now() - started)} ms, temperature ${temperature}`);
  console.log(formatScorecard(`${name} held-out`, labels, card));
  // Long held-out rows stand in for real tickets (reports, not one-line queries) when choosing features.
  const long = calibrationSet.filter((_, i) => heldOutRows[i]!.text.length > 200);
  const longCard = scorecard(
    labels,
    long.map((example) => {
      const probabilities = softmax(model.scores(example.features), temperature);
      const best = probabilities.indexOf(Math.max(...probabilities));
      return { predicted: labels[best]!, confidence: probabilities[best]!, acceptable: [labels[example.label]!] };
    }),
  );
  console.log(`${name} long held-out rows (> 200 characters): ${longCard.count}, macro-F1 ${longCard.macroF1.toFixed(3)}, accuracy ${longCard.accuracy.toFixed(3)}`);
  return { model, temperature, card };
}

function write(dir: string, name: string, result: ReturnType<typeof train>) {
  const file: LinearModelFile = {
    format: 'memdesk-linear-v1',
    labels: [...result.model.labels],
    shape: result.model.shape,
    temperature: result.temperature,
    metrics: { held_out_macro_f1: round(result.card.macroF1), held_out_accuracy: round(result.card.accuracy), held_out_ece: round(result.card.ece) },
  };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.bin`), new Uint8Array(result.model.weights.buffer, result.model.weights.byteOffset, result.model.weights.byteLength));
}

const round = (x: number) => Math.round(x * 10000) / 10000;

const corpus: CorpusRow[] = trainingCorpus(resolve(args.data!), resolve(args['reader-data']!), {
  discussion: args['with-discussion'] || args['discussion-file'] !== undefined,
  discussionFile: args['discussion-file'],
});
const bySource = new Map<string, number>();
for (const row of corpus) bySource.set(row.source.split(':')[0]!, (bySource.get(row.source.split(':')[0]!) ?? 0) + 1);
console.log('corpus rows by source:', Object.fromEntries(bySource));

const issueRows = corpus.flatMap((row) => (row.issue_type ? [{ text: row.text, label: row.issue_type, source: row.source }] : []));
// Every language memdesk does not answer in is one class, `other`.
const languages: readonly string[] = [...supportedLanguages, 'other'];
const languageRows = corpus.flatMap((row) => (row.lang === null ? [] : [{ text: row.text, label: languages.includes(row.lang) ? row.lang : 'other', source: row.source }]));

const out = resolve(args.out!);
mkdirSync(out, { recursive: true });
// --only issue-type|language retrains one model (quicker experiments); the default trains both.
const issueShape = featureShapeSchema.parse({ ...issueTypeShape, ...(args.shape ? JSON.parse(args.shape) : {}) });
/**
 * Passes over the issue-type corpus. Chosen on the odd-numbered rows of the real development set
 * (eval/real/README.md), the even ones reported beside them: 24 epochs scored macro-F1 0.847 on the
 * odd rows (12: 0.843) and 0.860 on the corpus's own held-out tenth (12: 0.856). Square-root class
 * weights stayed: inverse-frequency ones (--class-power 1) scored 0.837 on the odd rows.
 */
const issueTypeEpochs = 24;
/**
 * How much of the learnt class prior the issue-type biases give back (logit adjustment; 0: none).
 * Tried and left at 0: on the reader alone, the odd-numbered development rows went 0.839 → 0.849 at
 * 0.25, but through the loop (`memdesk eval --set real`, the number that counts) they went
 * 0.847 → 0.834 (0.839 at 0.1, 0.829 at 0.5, 0.827 at 1) while the even rows rose 0.786 → 0.806
 * (0.828 at 0.5, 0.839 at 0.75). Chosen on the odd rows, it loses; see DATA.md.
 */
const issueTypePriorPower = 0;
const epochs = args.epochs === undefined ? issueTypeEpochs : Number(args.epochs);
const sourceCap = args['source-cap'] === undefined ? issueTypeSourceCap : Number(args['source-cap']);
if (args.only !== 'language') write(out, 'issue-type', train('issue types', readingIssueTypes, issueShape, issueRows, sourceCap, epochs, args['class-power'] === undefined ? 0.5 : Number(args['class-power']), args['prior-power'] === undefined ? issueTypePriorPower : Number(args['prior-power'])));
// Language needs no source balance: every language has enough rows of its own.
if (args.only !== 'issue-type') write(out, 'language', train('language', languages, languageShape, languageRows, 1, 12));
console.log(`wrote ${out}`);
