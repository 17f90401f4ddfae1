// Turns text into the sparse, hashed feature vectors both linear models read. Training and
// reading share this file, so a model always sees exactly the features it was trained on.

/** A sparse vector: bucket indices and their values (same length). */
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
  /**
   * Weight of the opening sentence's words hashed a second time (0: off). A message's first line —
   * a title, "Feature request: …", "How do I …" — usually says what it is about, and the rest of
   * a long report would otherwise drown it.
   */
  lead?: number;
  /**
   * Weight of one feature naming the message's length band (0: off). A one-line question and a
   * 150-word report with steps and impact tend to be different kinds of ticket, whatever their words.
   */
  length?: number;
}

/** Word-count bands: a chat line, a sentence, a paragraph, a report, a long report. */
const lengthBands = [6, 15, 40, 100];

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

/**
 * Every character n-gram of `padded` (charMin..charMax) into `counts`. One FNV-1a pass per start
 * position extends the n-gram a character at a time, so a long message costs no substrings; the
 * length is mixed in at the end, so "abc" as a 3-gram and as the head of a 4-gram differ.
 */
function addCharNgrams(counts: Map<number, number>, padded: string, shape: FeatureShape): void {
  for (let i = 0; i + shape.charMin <= padded.length; i++) {
    let h = 0x811c9dc5;
    const end = Math.min(padded.length, i + shape.charMax);
    for (let j = i; j < end; j++) {
      h = Math.imul(h ^ padded.charCodeAt(j), 0x01000193);
      const n = j - i + 1;
      if (n < shape.charMin) continue;
      const index = (Math.imul(h ^ (100 + n), 0x01000193) >>> 0) % shape.buckets;
      counts.set(index, (counts.get(index) ?? 0) + 1);
    }
  }
}

/** The first sentence or line, at most 200 characters. */
export function openingSentence(text: string): string {
  return (text.trim().split(/(?<=[.?!])\s|\n/)[0] ?? '').slice(0, 200);
}

export function extractFeatures(text: string, shape: FeatureShape): SparseFeatures {
  const normalised = normalise(text, shape.fold);
  const body = new Map<number, number>();
  const add = (counts: Map<number, number>, key: string, seed: number) => {
    const index = hash(key, seed) % shape.buckets;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };
  const tokens = words(normalised);
  for (let n = 1; n <= shape.wordNgrams; n++) {
    for (let i = 0; i + n <= tokens.length; i++) add(body, tokens.slice(i, i + n).join(' '), n);
  }
  for (const token of tokens) addCharNgrams(body, ` ${token} `, shape);
  const features = scaled(body, 1);
  if (shape.lead) {
    const lead = new Map<number, number>();
    const opening = words(openingSentence(normalised));
    for (let n = 1; n <= shape.wordNgrams; n++) {
      for (let i = 0; i + n <= opening.length; i++) add(lead, opening.slice(i, i + n).join(' '), 200 + n);
    }
    for (const [index, value] of scaled(lead, shape.lead)) features.set(index, (features.get(index) ?? 0) + value);
  }
  if (shape.length) {
    const band = lengthBands.filter((limit) => tokens.length > limit).length;
    const index = hash(`length:${band}`, 300) % shape.buckets;
    features.set(index, (features.get(index) ?? 0) + shape.length);
  }
  return { indices: Uint32Array.from(features.keys()), values: Float32Array.from(features.values()) };
}

/** Sublinear counts (a word said three times is not three times the evidence), L2-normalised, times `weight`. */
function scaled(counts: Map<number, number>, weight: number): Map<number, number> {
  let norm = 0;
  const out = new Map<number, number>();
  for (const [index, count] of counts) {
    const value = 1 + Math.log(count);
    out.set(index, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [index, value] of out) out.set(index, (weight * value) / norm);
  return out;
}
