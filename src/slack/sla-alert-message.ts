// What an SLA alert says in the escalation channel: which clock of which ticket, when it is (or was)
// due in the account's timezone, and who should act. Builders only; posting is in sla-alerts.ts.
import { z } from 'zod';
import { alertLevels, clockNames } from '../core/sla-clocks.js';
import { localTime } from '../core/local-time.js';
import { escapeMrkdwn } from './markup.js';

export const slaAlert = z.object({
  ticket_id: z.string(),
  clock: z.enum(clockNames),
  level: z.enum(alertLevels),
  /** The window this alert belongs to (a next-response clock runs once per customer message). */
  started_at: z.string(),
  due_at: z.string(),
});
export type SlaAlert = z.infer<typeof slaAlert>;

const clockWords = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' } as const;

/** A Slack mention for a user id (U…, W…) or a user group id (S…). */
export function mentionFor(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

export function slaAlertText(alert: SlaAlert, x: { accountName: string; timezone: string; mention: string | null; threadLink?: string }): string {
  const due = localTime(alert.due_at, x.timezone);
  const who = x.mention ? `${mentionFor(x.mention)} ` : '';
  const what = `${clockWords[alert.clock]} on ticket ${alert.ticket_id} (${escapeMrkdwn(x.accountName)})`;
  const link = x.threadLink ? ` <${x.threadLink}|Customer's thread>` : '';
  return alert.level === 'breach'
    ? `:rotating_light: ${who}SLA breached: ${what} was due ${due}.${link}`
    : `:hourglass_flowing_sand: ${who}SLA warning: ${what} is due ${due}; 75% of the window has passed.${link}`;
}
