// In Socket Mode, Bolt acknowledges an Events API envelope before any listener runs, so a crash
// right after the ack would lose the event. Here the ack itself is made to wait: the message is
// persisted to the inbox first, and only then is the envelope acknowledged. If persisting fails,
// the envelope is not acknowledged and Slack delivers it again.

/** The Socket Mode client's emitter (eventemitter3: no prependListener). */
export interface SocketEvents {
  listeners(event: string): ((...args: never[]) => void)[];
  removeAllListeners(event: string): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

interface SlackEnvelope {
  type?: string;
  body?: { event?: { type?: string }; event_id?: string };
  retry_num?: number;
  ack: (response?: Record<string, unknown>) => Promise<void>;
}

// The events that become inbox items (a staff 🎫 reaction makes a ticket too).
const inboxEventTypes = new Set(['message', 'app_mention', 'reaction_added']);

export function persistBeforeSocketAck(
  socketClient: SocketEvents,
  accept: (delivery: { event: unknown; eventId?: string; retryNum?: number }) => Promise<void>,
): void {
  // Must run before Bolt's own listener, which then acknowledges through the wrapped ack.
  const existing = socketClient.listeners('slack_event');
  socketClient.removeAllListeners('slack_event');
  socketClient.on('slack_event', (envelope: SlackEnvelope) => {
    const eventType = envelope.body?.event?.type;
    if (envelope.type !== 'events_api' || !inboxEventTypes.has(eventType ?? '')) return;
    const ack = envelope.ack;
    const body = envelope.body!;
    envelope.ack = async (response) => {
      await accept({
        event: body.event,
        ...(body.event_id ? { eventId: body.event_id } : {}),
        ...(envelope.retry_num !== undefined ? { retryNum: envelope.retry_num } : {}),
      });
      await ack(response);
    };
  });
  for (const listener of existing) socketClient.on('slack_event', listener);
}
