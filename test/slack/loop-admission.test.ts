// The inbox worker takes fewer new turns while the event loop runs late (its acks share that loop),
// and more again once it keeps up; with the target at 0 it holds WORKER_CONCURRENCY whatever happens.
import { afterEach, describe, expect, it } from 'vitest';
import { loopAdmission, type LoopAdmission } from '../../src/slack/loop-admission.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the loop busy in slices of `sliceMs`, as a flood of turn work would, for `totalMs`. */
async function busyLoop(totalMs: number, sliceMs: number): Promise<void> {
  const end = Date.now() + totalMs;
  while (Date.now() < end) {
    const sliceEnd = Date.now() + sliceMs;
    while (Date.now() < sliceEnd) {
      // spin
    }
    await new Promise((r) => setImmediate(r));
  }
}

let admission: LoopAdmission | undefined;
afterEach(() => admission?.stop());

describe('loop admission', () => {
  it('halves the turns it admits while the loop runs late, never below the floor', async () => {
    admission = loopAdmission({ max: 64, targetMs: 20, min: 8, sampleMs: 50 });
    const start = admission.limit();
    expect(start).toBeLessThanOrEqual(64);
    admission.start(
      () => true,
      () => {},
    );
    await busyLoop(600, 120);
    expect(admission.limit()).toBe(8);
    expect(admission.delayMs()).toBeGreaterThan(20);
  });

  it('grows back to the ceiling while the loop keeps up and the limit is what holds claims back', async () => {
    admission = loopAdmission({ max: 40, targetMs: 200, min: 8, sampleMs: 20 });
    let raised = 0;
    admission.start(
      () => true,
      () => raised++,
    );
    for (let i = 0; i < 100 && admission.limit() < 40; i++) await pause(20);
    expect(admission.limit()).toBe(40);
    expect(raised).toBeGreaterThan(0);
  });

  it('does not grow while the worker has free slots it is not using', async () => {
    admission = loopAdmission({ max: 64, targetMs: 200, min: 8, sampleMs: 20 });
    const start = admission.limit();
    admission.start(
      () => false,
      () => {},
    );
    await pause(200);
    expect(admission.limit()).toBe(start);
  });

  it('with the target at 0 admits WORKER_CONCURRENCY however late the loop runs', async () => {
    admission = loopAdmission({ max: 64, targetMs: 0, sampleMs: 20 });
    admission.start(
      () => true,
      () => {},
    );
    await busyLoop(300, 100);
    expect(admission.limit()).toBe(64);
  });
});
