import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallScheduler, ServiceBusy } from '../../src/decide/call-scheduler.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('call scheduler', () => {
  it('keeps at most maxConcurrency calls in flight and starts the next as one finishes', async () => {
    const s = new CallScheduler({ maxConcurrency: 2, maxWaitMs: 5_000 });
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => s.run({ priority: 0 }, async () => (started.push(i), await g.opened, { value: i })));
    await tick();
    expect(started).toEqual([0, 1]);
    gates[0]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(s.stats().peakInFlight).toBe(2);
  });

  it('serves urgent work first, then the oldest', async () => {
    const s = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 5_000 });
    const first = gate();
    const order: string[] = [];
    const held = s.run({ priority: 0 }, async () => (await first.opened, { value: 'held' }));
    const queued = [
      s.run({ priority: 0 }, async () => (order.push('old low'), { value: 1 })),
      s.run({ priority: 2 }, async () => (order.push('urgent'), { value: 2 })),
      s.run({ priority: 0 }, async () => (order.push('new low'), { value: 3 })),
      s.run({ priority: 1 }, async () => (order.push('high'), { value: 4 })),
    ];
    await tick();
    first.open();
    await Promise.all([held, ...queued]);
    expect(order).toEqual(['urgent', 'high', 'old low', 'new low']);
  });

  it('gives up with ServiceBusy after maxWaitMs, without running the call', async () => {
    const s = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 40 });
    const first = gate();
    const held = s.run({ priority: 0 }, async () => (await first.opened, { value: 1 }));
    let ran = false;
    const err = await s.run({ priority: 5 }, async () => ((ran = true), { value: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceBusy);
    expect((err as ServiceBusy).code).toBe('service_busy');
    expect(ran).toBe(false);
    expect(s.stats().queued).toBe(0);
    first.open();
    await held;
  });

  it("gives up at a call's own maxWaitMs when it is shorter than the scheduler's", async () => {
    // The scheduler's wait 60 s, the call's 30 ms: giving up far sooner than 60 s is the call's own wait.
    const s = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 60_000 });
    const first = gate();
    const held = s.run({ priority: 0 }, async () => (await first.opened, { value: 1 }));
    const startedAt = Date.now();
    const err = await s.run({ priority: 0, maxWaitMs: 30 }, async () => ({ value: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceBusy);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    first.open();
    await held;
  });

  describe('on a fake clock', () => {
    afterEach(() => vi.useRealTimers());

    it('holds starts to the requests-per-window limit', async () => {
      vi.useFakeTimers({ now: 0 });
      const s = new CallScheduler({ maxConcurrency: 10, rpm: 2, windowMs: 60_000, maxWaitMs: 120_000 });
      const startedAt: number[] = [];
      const runs = [0, 1, 2].map(() => s.run({ priority: 0 }, async () => (startedAt.push(Date.now()), { value: 0 })));
      await vi.advanceTimersByTimeAsync(59_000);
      expect(startedAt).toEqual([0, 0]);
      await vi.advanceTimersByTimeAsync(1_000);
      await Promise.all(runs);
      expect(startedAt).toEqual([0, 0, 60_000]);
    });

    it('holds starts while recorded tokens would pass the tokens-per-window limit', async () => {
      vi.useFakeTimers({ now: 0 });
      const s = new CallScheduler({ maxConcurrency: 10, tpm: 100, windowMs: 60_000, maxWaitMs: 120_000 });
      await s.run({ priority: 0 }, async () => ({ value: 0, tokens: 90 }));
      let startedAt = -1;
      const second = s.run({ priority: 0, estimatedTokens: 20 }, async () => ((startedAt = Date.now()), { value: 1, tokens: 20 }));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(startedAt).toBe(-1);
      await vi.advanceTimersByTimeAsync(30_000);
      await second;
      expect(startedAt).toBe(60_000);
    });

    it('pauses every start when the service asks to retry later', async () => {
      vi.useFakeTimers({ now: 0 });
      const s = new CallScheduler({ maxConcurrency: 10, maxWaitMs: 120_000 });
      s.pause(7_000);
      let startedAt = -1;
      const run = s.run({ priority: 9 }, async () => ((startedAt = Date.now()), { value: 1 }));
      await vi.advanceTimersByTimeAsync(6_999);
      expect(startedAt).toBe(-1);
      await vi.advanceTimersByTimeAsync(1);
      await run;
      expect(startedAt).toBe(7_000);
    });

    it('gives up with ServiceBusy when the pause outlasts the wait, and the ticket can fall back', async () => {
      vi.useFakeTimers({ now: 0 });
      const s = new CallScheduler({ maxConcurrency: 10, maxWaitMs: 20_000 });
      s.pause(60_000);
      const outcome = s.run({ priority: 0 }, async () => ({ value: 'model' })).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await outcome).toBeInstanceOf(ServiceBusy);
    });
  });

  it('tryRun starts a call only when it need not wait: a free slot, nobody queued, no pause, under RPM', async () => {
    const s = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 5_000 });
    const first = gate();
    const held = s.run({ priority: 0 }, async () => (await first.opened, { value: 'held' }));
    let ran = 0;
    // At capacity: not run, not queued.
    expect(s.tryRun({ priority: 9 }, async () => (ran++, { value: 'hedge' }))).toBeUndefined();
    expect(s.stats()).toMatchObject({ inFlight: 1, queued: 0 });
    first.open();
    await held;
    expect(await s.tryRun({ priority: 0 }, async () => (ran++, { value: 'now' }))).toBe('now');
    expect(s.stats().inFlight).toBe(0);

    // Someone waiting keeps their turn: a small hedge that would fit the token budget does not pass a queued call that does not.
    const tokens = new CallScheduler({ maxConcurrency: 10, tpm: 100, maxWaitMs: 5_000 });
    await tokens.run({ priority: 0 }, async () => ({ value: 0, tokens: 90 }));
    const queued = tokens.run({ priority: 0, estimatedTokens: 20, maxWaitMs: 50 }, async () => ({ value: 'queued' })).catch((e: unknown) => e);
    expect(tokens.stats().queued).toBe(1);
    expect(tokens.tryRun({ priority: 9, estimatedTokens: 5 }, async () => (ran++, { value: 'hedge' }))).toBeUndefined();
    expect(await queued).toBeInstanceOf(ServiceBusy);
    expect(await tokens.tryRun({ priority: 9, estimatedTokens: 5 }, async () => ({ value: 'fits' }))).toBe('fits');

    const paused = new CallScheduler({ maxConcurrency: 10, maxWaitMs: 5_000 });
    paused.pause(1_000);
    expect(paused.tryRun({ priority: 9 }, async () => (ran++, { value: 'hedge' }))).toBeUndefined();
    const limited = new CallScheduler({ maxConcurrency: 10, rpm: 1, maxWaitMs: 5_000 });
    await limited.run({ priority: 0 }, async () => ({ value: 0 }));
    expect(limited.tryRun({ priority: 9 }, async () => (ran++, { value: 'hedge' }))).toBeUndefined();
    expect(ran).toBe(1);
  });

  it('passes the call’s own error through and frees its slot', async () => {
    const s = new CallScheduler({ maxConcurrency: 1, maxWaitMs: 1_000 });
    await expect(s.run({ priority: 0 }, async () => Promise.reject(new Error('model 500')))).rejects.toThrow('model 500');
    expect(await s.run({ priority: 0 }, async () => ({ value: 'next' }))).toBe('next');
    expect(s.stats().inFlight).toBe(0);
  });
});
