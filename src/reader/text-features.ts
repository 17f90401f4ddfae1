// Turns text into the sparse, hashed feature vectors both linear models read. Training and
// reading share this file, so a model always sees exactly the features it was trained on.

/** A sparse vector: bucket indices and their values (same length), L2-normalised. */
export interface SparseFeatures {
  indices: Uint32Array;
  values: Float32Array;
}

/** Which n-grams a model hashes, and into how many buckets. Stored beside its weights. */
export interface FeatureShape {
  buckets: number;
  wordNgrams: number;
  charMin: number;
  charMax: number;
  /** Strip accents and map digits to 0 (issue types), or keep them (language). */
  fold: boolean;
}

// FNV-1a: fast, stable across platforms and Node versions, and good enough spread for hashing tricks.
function hash(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const combining = /[\u0300-\u036f]/g;

export function normalise(text: string, fold: boolean): string {
  let out = text.toLowerCase().normalize('NFKC');
  if (fold) out = out.normalize('NFKD').replace(combining, '').replace(/\d/g, '0');
  return out;
}

export function words(normalised: string): string[] {
  return normalised.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

export function extractFeatures(text: string, shape: FeatureShape): SparseFeatures {
  const counts = new Map<number, number>();
  const add = (key: string, seed: number) => {
    const index = hash(key, seed) % shape.buckets;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };
  const tokens = words(normalise(text, shape.fold));
  for (let n = 1; n <= shape.wordNgrams; n++) {
    for (let i = 0; i + n <= tokens.length; i++) add(tokens.slice(i, i + n).join(' '), n);
  }
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = shape.charMin; n <= shape.charMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(padded.slice(i, i + n), 100 + n);
    }
  }
  const indices = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [index, count] of counts) {
    // Sublinear counts: a word said three times is not three times the evidence.
    const value = 1 + Math.log(count);
    indices[k] = index;
    values[k] = value;
    norm += value * value;
    k++;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices, values };
}
