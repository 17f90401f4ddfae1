// How the report's figures read to people, the same in the terminal, the digest and the App Home:
// shares as percentages, business durations as minutes or hours and minutes.

export const percent = (rate: number | null): string => (rate === null ? '-' : `${Math.round(rate * 1000) / 10}%`);

export function duration(ms: number | null): string {
  if (ms === null) return '-';
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
