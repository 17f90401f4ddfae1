// npm run measure:reader [-- --banking77 eval/banking77/test.csv --real eval/real/messages.jsonl --model DIR]:
// how well the committed reader reads (a) BANKING77's test split, mapped to memdesk's issue types,
// and (b) the real development set, where a reading is right if it is among the acceptable types.
// Neither set is ever trained on. Also prints load time, per-message latency and resident memory.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readingIssueTypes, supportedLanguages } from '../src/core/reading.js';
import { TrainedReader } from '../src/reader/trained-reader.js';
import { banking77 } from './reader/corpus.js';
import { formatScorecard, scorecard, type ScoredPrediction } from './reader/metrics.js';

const { values: args } = parseArgs({
  options: {
    banking77: { type: 'string', default: 'eval/banking77/test.csv' },
    real: { type: 'string', default: 'eval/real/messages.jsonl' },
    json: { type: 'boolean', default: false },
    /** Another model folder (a `train:reader -- --out DIR` experiment); default: the committed weights. */
    model: { type: 'string' },
  },
});

interface RealMessage {
  id: string;
  text: string;
  lang?: string;
  issue_types: string[];
}

const rssBefore = process.memoryUsage().rss;
const loadStarted = performance.now();
const reader = args.model ? TrainedReader.load(resolve(args.model)) : TrainedReader.load();
const loadMs = performance.now() - loadStarted;
const rssAfterLoad = process.memoryUsage().rss;

const latencies: number[] = [];
function timedRead(text: string) {
  const started = performance.now();
  const reading = reader.read({ text });
  latencies.push(performance.now() - started);
  return reading;
}

const results: Record<string, unknown> = {};
const banking = banking77(resolve(args.banking77!), 'test');
const bankingCard = scorecard(
  readingIssueTypes,
  banking.map((row): ScoredPrediction => {
    const reading = timedRead(row.text);
    return { predicted: reading.issue_type, confidence: reading.confidence, acceptable: [row.issue_type!] };
  }),
);
results.banking77_test = bankingCard;
if (!args.json) console.log(formatScorecard('BANKING77 test (mapped)', readingIssueTypes, bankingCard));

const realPath = resolve(args.real!);
if (existsSync(realPath)) {
  const messages = readFileSync(realPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RealMessage);
  let languageHits = 0;
  let languageRows = 0;
  const predictions = messages.map((message): ScoredPrediction => {
    const reading = timedRead(message.text);
    if (message.lang) {
      languageRows++;
      const expected = (supportedLanguages as readonly string[]).includes(message.lang) ? message.lang : 'other';
      if (reading.language === expected) languageHits++;
    }
    return { predicted: reading.issue_type, confidence: reading.confidence, acceptable: message.issue_types };
  });
  const realCard = scorecard(readingIssueTypes, predictions);
  results.real = { ...realCard, language_accuracy: languageHits / Math.max(languageRows, 1) };
  if (!args.json) {
    console.log(formatScorecard(`real development set (${realPath})`, readingIssueTypes, realCard));
    console.log(`  language accuracy ${(languageHits / Math.max(languageRows, 1)).toFixed(3)} over ${languageRows} messages`);
  }
} else if (!args.json) {
  console.log(`real development set: ${realPath} not found, skipped`);
}

latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const cost = {
  load_ms: Math.round(loadMs),
  reader_ms: { p50: Number(p(0.5).toFixed(3)), p95: Number(p(0.95).toFixed(3)), p99: Number(p(0.99).toFixed(3)) },
  rss_added_by_load_mb: Math.round((rssAfterLoad - rssBefore) / 1e6),
  rss_mb: Math.round(process.memoryUsage().rss / 1e6),
};
results.cost = cost;
console.log(args.json ? JSON.stringify(results) : `cost: ${JSON.stringify(cost)} (timings on a shared 2-core machine are noisy)`);
