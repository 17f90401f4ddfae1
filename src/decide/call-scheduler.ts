// Schedules calls to a rate-limited service (the model, hosted Mem0) instead of spraying them:
// at most `maxConcurrency` in flight, at most `rpm` starts and `tpm` recorded tokens per window,
// waiting callers served by priority then age, and a whole-scheduler pause when the service says
// "retry in N ms" (a 429 with RetryInfo / Retry-After) so every ticket in flight does not fail at once.
// A caller that cannot start within `maxWaitMs` gets a ServiceBusy and decides without the service.

export interface CallSchedulerOptions {
  maxConcurrency: number;
  /** Call starts per window; unset = unlimited. */
  rpm?: number;
  /** Tokens per window, counted from the usage each finished call reports; unset = unlimited. */
  tpm?: number;
  /** How long a caller may wait for a slot before giving up. */
  maxWaitMs: number;
  /** The rate window; a minute, shorter in tests. */
  windowMs?: number;
  now?: () => number;
}

/** Higher runs first; equal priorities run oldest first. */
export interface CallTicket {
  priority: number;
  /** What the call is expected to cost, so a nearly spent token budget is not overrun. */
  estimatedTokens?: number;
  /** This call's own bound on waiting, when less than the scheduler's (what is left of a ticket's budget). */
  maxWaitMs?: number;
}

export class ServiceBusy extends Error {
  readonly code = 'service_busy';
  constructor(readonly waitedMs: number) {
    super(`no slot for the call within ${waitedMs} ms`);
  }
}

interface Waiter {
  ticket: CallTicket;
  seq: number;
  enqueuedAt: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

export interface SchedulerStats {
  inFlight: number;
  queued: number;
  peakInFlight: number;
  pausedUntil: number;
}

export class CallScheduler {
  private inFlight = 0;
  private peakInFlight = 0;
  private seq = 0;
  private pausedUntil = 0;
  private readonly waiting: Waiter[] = [];
  // The window's starts and spent tokens, kept only for the limit that reads them: unlimited (the
  // default), a busy bot would hold a minute of timestamps and trim them on every call.
  private readonly starts: number[] = [];
  private readonly spent: { at: number; tokens: number }[] = [];
  private spentTokens = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CallSchedulerOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `call` when a slot is free. `call` returns its value and the tokens it used (when known).
   * Throws ServiceBusy when no slot opened within maxWaitMs; the call's own errors pass through.
   */
  async run<T>(ticket: CallTicket, call: () => Promise<{ value: T; tokens?: number }>): Promise<T> {
    await this.acquire(ticket);
    return this.running(call);
  }

  /** `call` in the slot just started, released with the tokens it reports. */
  private async running<T>(call: () => Promise<{ value: T; tokens?: number }>): Promise<T> {
    let tokens = 0;
    try {
      const done = await call();
      tokens = done.tokens ?? 0;
      return done.value;
    } finally {
      this.release(tokens);
    }
  }

  /**
   * Runs `call` only if a slot is free this moment and nobody is waiting for one (a hedged request:
   * worth sending only while it costs no other ticket its turn). Undefined, and `call` not run, when
   * it would have to wait: the scheduler at capacity, paused after a 429, over its RPM or TPM.
   */
  tryRun<T>(ticket: CallTicket, call: () => Promise<{ value: T; tokens?: number }>): Promise<T> | undefined {
    if (this.waiting.length > 0 || this.blockedFor(ticket) > 0) return undefined;
    this.start();
    return this.running(call);
  }

  /** The service asked us to wait (429 with a retry delay): nobody starts a call until then. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.schedulePump();
  }

  /** How long a caller may wait for a slot, unless its ticket bounds it more tightly. */
  get maxWaitMs(): number {
    return this.options.maxWaitMs;
  }

  stats(): SchedulerStats {
    return { inFlight: this.inFlight, queued: this.waiting.length, peakInFlight: this.peakInFlight, pausedUntil: this.pausedUntil };
  }

  private acquire(ticket: CallTicket): Promise<void> {
    if (this.waiting.length === 0 && this.blockedFor(ticket) === 0) {
      this.start();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const enqueuedAt = this.now();
      const waiter: Waiter = {
        ticket,
        seq: this.seq++,
        enqueuedAt,
        admit: resolve,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new ServiceBusy(this.now() - enqueuedAt));
        }, Math.min(ticket.maxWaitMs ?? Infinity, this.options.maxWaitMs)),
      };
      this.waiting.push(waiter);
      this.waiting.sort((a, b) => b.ticket.priority - a.ticket.priority || a.seq - b.seq);
      this.schedulePump();
    });
  }

  private release(tokens: number): void {
    this.inFlight--;
    if (tokens > 0 && this.options.tpm !== undefined) {
      this.spent.push({ at: this.now(), tokens });
      this.spentTokens += tokens;
    }
    this.pump();
  }

  private start(): void {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    if (this.options.rpm !== undefined) this.starts.push(this.now());
  }

  /** 0 when the ticket may start now, else how long until something that blocks it lapses (Infinity: a release). */
  private blockedFor(ticket: CallTicket): number {
    const now = this.now();
    this.forget(now);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.inFlight >= this.options.maxConcurrency) return Infinity;
    const { rpm, tpm } = this.options;
    if (rpm !== undefined && this.starts.length >= rpm) return this.starts[0]! + this.windowMs - now;
    if (tpm !== undefined && this.spent.length > 0) {
      if (this.spentTokens + (ticket.estimatedTokens ?? 0) > tpm) return this.spent[0]!.at + this.windowMs - now;
    }
    return 0;
  }

  private forget(now: number): void {
    while (this.starts.length && this.starts[0]! <= now - this.windowMs) this.starts.shift();
    while (this.spent.length && this.spent[0]!.at <= now - this.windowMs) this.spentTokens -= this.spent.shift()!.tokens;
  }

  private pump(): void {
    while (this.waiting.length) {
      const head = this.waiting[0]!;
      const wait = this.blockedFor(head.ticket);
      if (wait > 0) {
        if (Number.isFinite(wait)) this.wakeIn(wait);
        return;
      }
      this.waiting.shift();
      clearTimeout(head.timer);
      this.start();
      head.admit();
    }
  }

  private schedulePump(): void {
    queueMicrotask(() => this.pump());
  }

  private wakeIn(ms: number): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.pump();
    }, Math.max(1, Math.ceil(ms)));
    this.wakeTimer.unref?.();
  }
}
