import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageDeliveryKeys } from '../../src/slack/dedupe.js';
import { openRecords } from '../../src/store/open-store.js';
import { systemClock } from '../../src/clock.js';

describe('the durable inbox accepts each Slack message once', () => {
  it('lets the first delivery in and stops any that shares a key with it, across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-inbox-'));
    const store = await openRecords({ dataDir: dir }, systemClock());
    const accept = (id: string, keys: string[]) => store.delivery.accept({ inbox_id: id, kind: 'slack_message', payload: {}, keys });
    expect(await accept('in1', messageDeliveryKeys('Ev1', 'C1', '1.000001'))).toBe(true);
    expect(await accept('in2', messageDeliveryKeys('Ev1', 'C1', '1.000001'))).toBe(false); // a retry
    expect(await accept('in3', messageDeliveryKeys('Ev2', 'C1', '1.000001'))).toBe(false); // app_mention + message
    expect(await accept('in4', messageDeliveryKeys('Ev3', 'C2', '1.000001'))).toBe(true); // same ts, other channel
    await store.close();
    const reopened = await openRecords({ dataDir: dir }, systemClock());
    expect(await reopened.delivery.accept({ inbox_id: 'in5', kind: 'slack_message', payload: {}, keys: messageDeliveryKeys('Ev1', 'C1', '1.000001') })).toBe(false);
    expect(await reopened.delivery.counts()).toEqual({ pending: 2, done: 0, failed: 0 });
    const claimed = await reopened.delivery.claim({ leaseMs: 60_000, limit: 10 });
    expect(claimed.map((c) => c.inbox_id)).toEqual(['in1', 'in4']);
    // leased items are not handed out twice while the lease holds
    expect(await reopened.delivery.claim({ leaseMs: 60_000, limit: 10 })).toEqual([]);
    await reopened.close();
  });
});
