import { describe, expect, it } from 'vitest';
import { inMemoryDeliveryDedupe, messageDeliveryKeys } from '../../src/slack/dedupe.js';

describe('inMemoryDeliveryDedupe', () => {
  it('lets the first delivery through and stops any that shares a key with it', async () => {
    const dedupe = inMemoryDeliveryDedupe();
    expect(await dedupe.claim(messageDeliveryKeys('Ev1', 'C1', '1.000001'))).toBe(true);
    expect(await dedupe.claim(messageDeliveryKeys('Ev1', 'C1', '1.000001'))).toBe(false); // a retry
    expect(await dedupe.claim(messageDeliveryKeys('Ev2', 'C1', '1.000001'))).toBe(false); // app_mention + message
    expect(await dedupe.claim(messageDeliveryKeys('Ev3', 'C2', '1.000001'))).toBe(true); // same ts, other channel
  });

  it('forgets the oldest keys beyond its capacity', async () => {
    const dedupe = inMemoryDeliveryDedupe(4);
    for (let i = 0; i < 3; i += 1) await dedupe.claim(messageDeliveryKeys(`Ev${i}`, 'C1', `${i}.0`));
    expect(await dedupe.claim(messageDeliveryKeys('Ev0', 'C1', '0.0'))).toBe(true);
  });
});
