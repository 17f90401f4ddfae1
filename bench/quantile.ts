// The value at quantile q (0–1) of samples sorted ascending, nearest rank: what every bench's p50/p95/p99 reads.
export function quantile(sorted: readonly number[], q: number): number | undefined {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
