// Socket Mode: Bolt acknowledges an envelope before listeners run, so memdesk persists the message
// to the inbox inside the ack. The envelope is acknowledged only after the row is written; a failed
// write leaves it unacknowledged (Slack redelivers); redeliveries become one ticket.
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createSlackApp } from '../../src/slack/app.js';
import { testEnv, testMemdesk, DEMO_MESSAGE } from '../support/memdesk-env.js';
import { startSlackApiServer } from '../support/slack-api-server.js';
import { waitFor } from './harness.js';

const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function envelope(eventId: string, ts: string, onAck: () => Promise<void>) {
  return {
    type: 'events_api',
    envelope_id: `env-${eventId}`,
    body: { type: 'event_callback', event_id: eventId, event: { type: 'message', channel: 'C0SUPPORT', user: 'U0BEN', text: DEMO_MESSAGE, ts } },
    ack: onAck,
  };
}

describe('Socket Mode', () => {
  it('persists the message before acknowledging the envelope, and works it once', async () => {
    const api = await startSlackApiServer();
    const memdesk = await testMemdesk();
    cleanups.push(() => api.close(), () => memdesk.cleanup());
    const config = loadConfig(testEnv({ SLACK_API_URL: api.apiUrl, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', ESCALATION_CHANNEL_ID: 'C0ESC' }));
    const slack = createSlackApp(memdesk, { config, logger });
    cleanups.push(() => slack.worker.stop());
    const socket = (slack.app as unknown as { receiver: { client: { emit(event: string, ...args: unknown[]): boolean } } }).receiver.client;

    const seenAtAck: number[] = [];
    const ackOnce = async () => {
      const counts = await memdesk.delivery.counts();
      seenAtAck.push(counts.pending + counts.done);
    };
    // a first delivery and a redelivery of the same envelope
    for (const id of ['Ev1', 'Ev1']) {
      const acked = new Promise<void>((resolve) => socket.emit('slack_event', envelope(id, '1700000001.000100', async () => (await ackOnce(), resolve()))));
      await acked;
    }
    expect(seenAtAck).toEqual([1, 1]);
    await waitFor(() => api.calls.find((c) => c.method === 'reactions.add' && c.args.name === 'white_check_mark'), 'the ✅');
    const replies = api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000001.000100');
    expect(replies).toHaveLength(1);
    expect(await memdesk.tickets.list()).toHaveLength(1);
  });

  it('leaves the envelope unacknowledged when the inbox write fails, so Slack delivers it again', async () => {
    const api = await startSlackApiServer();
    const memdesk = await testMemdesk();
    cleanups.push(() => api.close(), () => memdesk.cleanup());
    const config = loadConfig(testEnv({ SLACK_API_URL: api.apiUrl, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }));
    const slack = createSlackApp(memdesk, { config, logger });
    cleanups.push(() => slack.worker.stop());
    const socket = (slack.app as unknown as { receiver: { client: { emit(event: string, ...args: unknown[]): boolean } } }).receiver.client;
    const realAccept = memdesk.delivery.accept.bind(memdesk.delivery);
    memdesk.delivery.accept = async () => {
      throw new Error('disk full');
    };
    let acked = 0;
    socket.emit('slack_event', envelope('Ev9', '1700000009.000100', async () => void acked++));
    await new Promise((r) => setTimeout(r, 300));
    expect(acked).toBe(0);
    memdesk.delivery.accept = realAccept;
    await new Promise<void>((resolve) => socket.emit('slack_event', envelope('Ev9', '1700000009.000100', async () => (acked++, resolve()))));
    expect(acked).toBe(1);
    expect((await memdesk.delivery.counts()).pending + (await memdesk.delivery.counts()).done).toBe(1);
  });
});
