// SLA alerts, exactly once. A scan finds the alerts the tickets' running clocks call for and puts
// each in the durable inbox under the key (ticket, clock, window, level): a second scan, on this
// instance or another, adds nothing. The inbox worker claims the row with a lease like a message,
// checks the clock is still running, posts under an effect key (a kill between the post and the
// mark is settled by looking in Slack) and marks the row done after Slack's ok.
import type { webApi } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import { clockRunning, dueAlerts } from '../core/sla-clocks.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { escalationThread } from './escalation-thread.js';
import { toInboxRow } from './inbox-payload.js';
import { permalink } from './post-outcome.js';
import { slaAlertText, type SlaAlert } from './sla-alert-message.js';

export function slaAlertKey(a: SlaAlert): string {
  return `sla:${a.ticket_id}:${a.clock}:${a.started_at}:${a.level}`;
}

/** Puts every alert due at `now` in the inbox once; returns how many were new. */
export async function enqueueDueAlerts(memdesk: Pick<Memdesk, 'tickets' | 'delivery'>, now: Date): Promise<number> {
  let added = 0;
  // Only tickets whose running clock reached its warning point (an indexed column): a long-running
  // bot holds thousands of open tickets, and reading them all every few seconds stalled its event loop.
  for (const ticket of await memdesk.tickets.listAlerting(now)) {
    const clocks = ticket.state.clocks;
    if (!clocks) continue;
    for (const due of dueAlerts(clocks, now)) {
      const alert: SlaAlert = { ticket_id: ticket.ticket_id, clock: due.clock, level: due.level, started_at: clocks[due.clock]!.started_at, due_at: due.due_at };
      const key = slaAlertKey(alert);
      if (await memdesk.delivery.accept({ inbox_id: newId('inbox', now), ...toInboxRow({ kind: 'sla_alert', alert }), keys: [key] })) added++;
    }
  }
  return added;
}

/** Posts one claimed alert; 'skipped' when its clock stopped since it was queued. */
export async function postSlaAlert(
  alert: SlaAlert,
  deps: { memdesk: Memdesk; client: webApi.WebClient; escalationChannelId?: string; mention?: string; effects: EffectLedger; logger: Logger },
): Promise<'posted' | 'skipped'> {
  const { memdesk, logger } = deps;
  const ticket = await memdesk.tickets.get(alert.ticket_id);
  const clocks = ticket?.state.clocks;
  if (!ticket || ticket.status === 'resolved' || !clockRunning(clocks, alert.clock) || clocks![alert.clock]!.started_at !== alert.started_at) {
    logger.info({ ticket_id: alert.ticket_id, clock: alert.clock, level: alert.level }, 'sla alert skipped: the clock stopped');
    return 'skipped';
  }
  if (!deps.escalationChannelId) {
    logger.warn({ ticket_id: alert.ticket_id }, 'ESCALATION_CHANNEL_ID is not set; SLA alert not posted');
    return 'skipped';
  }
  const channel = deps.escalationChannelId;
  const threadTs = await escalationThread(memdesk, ticket);
  const mention = ticket.owner ?? clocks!.csm_slack_user_id ?? deps.mention ?? null;
  const accountName = memdesk.directory.resolve({ customerId: ticket.customer_id }).account_name;
  // A ticket never escalated has no handoff post to thread under: the alert, at the top of the
  // channel, links the customer's thread itself (as the handoff post does).
  const threadLink = !threadTs && ticket.slack_channel && ticket.slack_thread_ts ? await permalink(deps.client, ticket.slack_channel, ticket.slack_thread_ts) : undefined;
  const text = slaAlertText(alert, { accountName, timezone: clocks!.business_hours.timezone, mention, ...(threadLink ? { threadLink } : {}) });
  const key = slaAlertKey(alert);
  const where = { channel, ...(threadTs ? { threadTs } : {}) };
  await deps.effects.once(
    key,
    async () => {
      const r = await deps.client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text,
        metadata: effectMetadata(key),
      } as unknown as webApi.ChatPostMessageArguments);
      return { ts: r.ts ?? '' };
    },
    () => findPostedEffect(deps.client, where, key),
  );
  await memdesk.operationLog.append({
    trace_id: ticket.trace_id,
    ticket_id: ticket.ticket_id,
    kind: 'sla_alert_posted',
    detail: { clock: alert.clock, level: alert.level, due_at: alert.due_at, mention },
  });
  logger.info({ ticket_id: ticket.ticket_id, clock: alert.clock, level: alert.level }, 'sla alert posted');
  return 'posted';
}
