// The offline reader's cost: load time, per-message latency over the real development set and
// BANKING77's test split (each message read once, as the loop's read stage reads it: with the second
// opinion when READER_SECOND_OPINION is on, whose sentence model loads on the first unsure message),
// and the resident memory the loaded models add. Run first in `npm run bench`, before other parts grow the heap.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Embedder } from '../src/memory/embedder.js';
import { sentenceEmbedder } from '../src/memory/sentence-embedder.js';
import { TrainedReader } from '../src/reader/trained-reader.js';
import { quantile } from './quantile.js';

export interface ReaderBench {
  load_ms: number;
  messages: number;
  second_opinion: 'on' | 'off';
  /** Messages that paid for a sentence embedding (the second opinion's unsure English ones). */
  embedded: number;
  ms: { p50: number; p95: number; p99: number };
  /** Resident memory added by loading the model and reading every message and kept after a full collection (MB). */
  rss_added_mb: number;
}

const root = resolve(import.meta.dirname, '..');

/** The messages the bench reads: the real development set, then BANKING77's test split. */
export function benchMessages(): string[] {
  const real = readFileSync(resolve(root, 'eval/real/messages.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  // BANKING77 test: "text,category" rows; the text may be quoted.
  const banking = readFileSync(resolve(root, 'eval/banking77/test.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/,[a-z_]+$/, '').replace(/^"|"$/g, ''))
    .filter((t) => t.trim() !== '');
  return [...real, ...banking];
}

/**
 * What the reader keeps, not the garbage reading left behind: a full collection before each RSS reading,
 * twice with a pause between, since V8 hands freed pages back to the system while sweeping after the
 * first (`npm run bench` runs node with --expose-gc; without it both readings include garbage).
 */
async function collectGarbage(): Promise<void> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  global.gc?.();
}

export async function runReaderBench(): Promise<ReaderBench> {
  const messages = benchMessages();
  const second_opinion = loadConfig(process.env).READER_SECOND_OPINION;
  await collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const loadStarted = performance.now();
  let embedded = 0;
  const sentences = sentenceEmbedder();
  const counting: Embedder = { ...sentences, embed: (texts) => (embedded++, sentences.embed(texts)) };
  const reader = TrainedReader.load(undefined, second_opinion === 'on' ? { embedder: counting } : {});
  const load_ms = performance.now() - loadStarted;
  const samples: number[] = [];
  for (const text of messages) {
    const t = performance.now();
    const first = reader.read({ text });
    if (reader.reconsider) await reader.reconsider({ text }, first);
    samples.push(performance.now() - t);
  }
  await collectGarbage();
  const rss_added_mb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  const sorted = samples.sort((a, b) => a - b);
  const at = (q: number) => Number(quantile(sorted, q)!.toFixed(3));
  return { load_ms: Number(load_ms.toFixed(1)), messages: messages.length, second_opinion, embedded, ms: { p50: at(0.5), p95: at(0.95), p99: at(0.99) }, rss_added_mb: Number(rss_added_mb.toFixed(1)) };
}
