// One clock for the whole app, so MEMDESK_NOW pins every date a ticket sees.
export interface Clock {
  now(): Date;
}

/** A clock that can be moved forward: the local workspace's clock control drives SLA clocks with it. */
export interface MovableClock extends Clock {
  advance(ms: number): void;
}

export function systemClock(pinned?: string): MovableClock {
  // A pinned clock still moves forward, so records written in one run keep their order.
  const startedAt = Date.now();
  const base = pinned ? new Date(pinned).getTime() : startedAt;
  let advancedMs = 0;
  return {
    now: () => new Date(base + (Date.now() - startedAt) + advancedMs),
    advance(ms) {
      advancedMs += Math.max(0, ms);
    },
  };
}

/**
 * A clock that moves only when told: writing the demo history sets it to each past moment in turn,
 * so two runs write the same instants (no drift from how long a turn took).
 */
export function steppedClock(start: Date): MovableClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += Math.max(0, ms);
    },
  };
}

/** The UTC calendar day of a moment, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;
