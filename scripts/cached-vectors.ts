// Sentence vectors for the measuring scripts (kbsem-measure.ts, kbhybrid-measure.ts), cached under $TMPDIR by
// model and text, so a second run embeds nothing new. Offline scripts only; nothing at run time reads the cache.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../src/memory/embedder.js';

/** Texts embedded per call, so a long list never becomes one huge batch. */
const BATCH = 256;
const key = (t: string) => createHash('sha1').update(t).digest('hex');

/** One vector per text, in order; `cacheName` names the cache file (with the model's name). */
export async function cachedVectors(embedder: Embedder, texts: string[], cacheName: string): Promise<Float32Array[]> {
  const cachePath = join(tmpdir(), `${cacheName}-${embedder.model}.json`);
  const cache = new Map<string, number[]>(existsSync(cachePath) ? Object.entries(JSON.parse(readFileSync(cachePath, 'utf8')) as Record<string, number[]>) : []);
  const missing = [...new Set(texts.filter((t) => !cache.has(key(t))))];
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const got = await embedder.embed(batch);
    batch.forEach((t, k) => {
      cache.set(key(t), Array.from(got[k]!));
    });
  }
  if (missing.length) writeFileSync(cachePath, JSON.stringify(Object.fromEntries(cache)));
  return texts.map((t) => Float32Array.from(cache.get(key(t))!));
}

/** The dot product: the cosine of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
