// How the reader's training rows are weighed and split, shared by every model trained on the
// issue-type corpus (scripts/train-reader.ts, and the sentence-embedding experiment in
// scripts/reader-cascade.ts), so both see the same rows with the same weights.
import { normalise } from '../../src/reader/text-features.js';

/**
 * How much more a small source's rows may weigh than a large one's. Up-weighting (cap 3) lifted
 * long held-out rows 0.776 → 0.814 with the length band; 6 scored as 3 on held-out rows (0.856 vs 0.855).
 */
export const issueTypeSourceCap = 6;

/** One row in ten, chosen by the text itself, is held out for calibration and a first score. */
export function heldOut(text: string): boolean {
  let h = 2166136261;
  for (const ch of normalise(text, true)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 10 === 0;
}

/** Rare types weigh more, so billing-heavy banking data cannot drown outage or security. */
export function balancedWeights(labels: number[], k: number, power: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const label of labels) counts[label]!++;
  const mean = labels.length / k;
  return counts.map((n) => (n === 0 ? 0 : Math.min(8, (mean / n) ** power)));
}

/**
 * Small sources weigh more, up to `cap` times: the few hundred long, real reports (Stack Exchange
 * meta, bug trackers) would otherwise be drowned by tens of thousands of one-line banking queries.
 */
export function sourceWeights(sources: string[], cap: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const source of sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  const sizes = [...counts.values()].sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)]!;
  return new Map([...counts].map(([source, n]) => [source, Math.min(cap, Math.max(1, Math.sqrt(median / n)))]));
}

/** The source family a row counts toward: its file or repository, without split or label. */
export const sourceFamily = (source: string) => source.split(':')[0]!;
