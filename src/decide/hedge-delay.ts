// When a hedged model request goes out ("The Tail at Scale", Dean and Barroso): once the first
// request has taken longer than about the 95th percentile of this process's recent answers, so only
// the slowest twentieth of calls is sent twice. Learned from the answers themselves (a bounded window
// of the latest), so it follows the model as it speeds up or slows down; no hedge before enough
// answers are known, and never sooner than a floor (a fast local server is not worth two requests).

export interface HedgeDelayOptions {
  /** The latest answers kept; default 256. */
  window?: number;
  /** Answers needed before any hedge; default 20. */
  minSamples?: number;
  /** The shortest delay ever used, in ms; default 1000. */
  floorMs?: number;
  /** The percentile waited for, 0..1; default 0.95. */
  quantile?: number;
}

export class HedgeDelay {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;
  private cached: number | undefined;
  private readonly minSamples: number;
  private readonly floorMs: number;
  private readonly quantile: number;

  constructor(options: HedgeDelayOptions = {}) {
    this.samples = new Float64Array(Math.max(1, options.window ?? 256));
    this.minSamples = Math.max(1, options.minSamples ?? 20);
    this.floorMs = options.floorMs ?? 1000;
    this.quantile = options.quantile ?? 0.95;
  }

  /** A successful request's latency, in ms. */
  observe(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    this.cached = undefined;
  }

  /** How long to wait before hedging a request, in ms; undefined while too few answers are known. */
  delayMs(): number | undefined {
    if (this.count < this.minSamples) return undefined;
    if (this.cached === undefined) {
      // At most a window's sort per new answer, and only when an urgent request asks.
      const sorted = this.samples.slice(0, this.count).sort();
      this.cached = Math.max(this.floorMs, sorted[Math.min(this.count - 1, Math.floor(this.quantile * this.count))]!);
    }
    return this.cached;
  }
}
