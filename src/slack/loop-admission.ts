// How many turns the inbox worker may hold right now. Slack's acks and the turns share one event
// loop: an ack is only sent once its event is in the inbox, and that takes several turns of the loop,
// so when turn work keeps the loop busy every ack waits behind it. The worker therefore takes new
// turns only while the loop keeps up: every sample period it reads how late the loop ran (the mean
// delay of a high-resolution timer) and, like TCP's congestion window, halves its limit when the
// loop was late and adds a few turns when it was not and the limit was what held claims back.
// Turns already in flight always finish; only new claims wait. With the target at 0 the limit is
// WORKER_CONCURRENCY, fixed.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopAdmissionOptions {
  /** WORKER_CONCURRENCY: the limit never goes above this. */
  max: number;
  /** WORKER_LOOP_DELAY_MS: the mean event-loop delay above which the limit shrinks; 0 = no admission control. */
  targetMs: number;
  /** Turns always allowed, however late the loop runs (so work goes on on a starved machine). */
  min?: number;
  sampleMs?: number;
}

export interface LoopAdmission {
  /** Turns the worker may hold now. */
  limit(): number;
  /**
   * Starts sampling while the worker is busy; `saturated` says whether claims are held back by the
   * limit (only then does it grow), `raised` is called when it grew, so the worker claims again.
   */
  start(saturated: () => boolean, raised: () => void): void;
  stop(): void;
  /** The last sample's mean delay (ms), for logs. */
  delayMs(): number;
}

const SAMPLE_MS = 200;
const RESOLUTION_MS = 10;
const STEP = 4;

export function loopAdmission(o: LoopAdmissionOptions): LoopAdmission {
  const min = Math.min(o.max, o.min ?? 8);
  // A burst at start is when acks suffer most: begin below the ceiling and grow while the loop keeps up.
  let limit = o.targetMs > 0 ? Math.min(o.max, Math.max(min, 16)) : o.max;
  let lastDelay = 0;
  let histogram: IntervalHistogram | undefined;
  let timer: NodeJS.Timeout | undefined;

  function sample(saturated: () => boolean, raised: () => void): void {
    // No tick since the last sample says nothing yet: the loop is busy, or this sample came early.
    if (!histogram?.count) return;
    // The histogram holds the time between the timer's ticks (ns): the delay is what exceeds its period.
    lastDelay = Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS);
    histogram.reset();
    if (lastDelay > o.targetMs) {
      limit = Math.max(min, Math.floor(limit / 2));
      return;
    }
    if (limit < o.max && saturated()) {
      limit = Math.min(o.max, limit + STEP);
      raised();
    }
  }

  return {
    limit: () => limit,
    delayMs: () => lastDelay,
    start(saturated, raised) {
      if (o.targetMs <= 0 || timer) return;
      histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      histogram.enable();
      timer = setInterval(() => sample(saturated, raised), o.sampleMs ?? SAMPLE_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      histogram?.disable();
      histogram = undefined;
    },
  };
}
