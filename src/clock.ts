// One clock for the whole app, so MEMDESK_NOW pins every date a ticket sees.
export interface Clock {
  now(): Date;
}

export function systemClock(pinned?: string): Clock {
  if (!pinned) return { now: () => new Date() };
  const fixed = new Date(pinned);
  // A pinned clock still moves forward, so records written in one run keep their order.
  const startedAt = Date.now();
  return { now: () => new Date(fixed.getTime() + (Date.now() - startedAt)) };
}

/** The UTC calendar day of a moment, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;
