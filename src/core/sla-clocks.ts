// A ticket's SLA clocks: first response, next response (after each customer message that waits on
// us) and resolution. Each clock is a window in business time with the instant its pre-breach
// warning falls due (75% of the window) and its due time; it stops when its condition is met. The
// plan's targets and hours are copied onto the ticket when its clocks start, so a later rules edit
// does not move a clock that is already running.
import { z } from 'zod';
import { addBusinessMinutes, businessHoursSchema, businessMinutesBetween, type BusinessHours } from './business-hours.js';
import type { PlanSla } from './sla-rules.js';

export const clockNames = ['first_response', 'next_response', 'resolution'] as const;
export type ClockName = (typeof clockNames)[number];
export const alertLevels = ['warning', 'breach'] as const;
export type AlertLevel = (typeof alertLevels)[number];

/** The share of a window after which the pre-breach warning posts. */
export const WARNING_SHARE = 0.75;

const instant = z.string().datetime();
const clockSchema = z.object({ started_at: instant, warn_at: instant, due_at: instant, stopped_at: instant.nullable() });
export type SlaClock = z.infer<typeof clockSchema>;

export const ticketClocksSchema = z.object({
  plan: z.string(),
  next_response_minutes: z.number().int().positive(),
  business_hours: businessHoursSchema,
  /** The CSM from memory when the clocks started: an alert mentions them when nobody owns the ticket. */
  csm_slack_user_id: z.string().nullable(),
  /**
   * When the first-response clock stopped: the first answer by memdesk or a person, the ticket's own
   * first_response_at too (set by the turn or a person's reply); Take it stops the clock without a reply.
   * memdesk's handoff reply stops nothing: the person's answer it promised is awaited (turn-clocks.ts).
   */
  first_response_at: instant.nullable(),
  first_response: clockSchema.nullable(),
  next_response: clockSchema.nullable(),
  resolution: clockSchema.nullable(),
});
export type TicketClocks = z.infer<typeof ticketClocksSchema>;

/** What `tickets --json` shows: the due time of each running clock, null when stopped or none. */
export interface ClockDueTimes {
  first_response_due: string | null;
  next_response_due: string | null;
  resolution_due: string | null;
}

function windowFrom(start: Date, minutes: number, hours: BusinessHours): SlaClock {
  return {
    started_at: start.toISOString(),
    warn_at: addBusinessMinutes(start, Math.ceil(minutes * WARNING_SHARE), hours).toISOString(),
    due_at: addBusinessMinutes(start, minutes, hours).toISOString(),
    stopped_at: null,
  };
}

/** The clocks of a ticket that opened at `openedAt` on a plan with SLA targets. */
export function startClocks(openedAt: Date, x: { plan: string; sla: PlanSla; hours: BusinessHours; csmSlackUserId: string | null }): TicketClocks {
  return {
    plan: x.plan,
    next_response_minutes: x.sla.next_response_minutes,
    business_hours: x.hours,
    csm_slack_user_id: x.csmSlackUserId,
    first_response_at: null,
    first_response: windowFrom(openedAt, x.sla.first_response_minutes, x.hours),
    next_response: null,
    resolution: windowFrom(openedAt, x.sla.resolution_minutes, x.hours),
  };
}

const stop = (clock: SlaClock | null, at: Date): SlaClock | null => (clock && !clock.stopped_at ? { ...clock, stopped_at: at.toISOString() } : clock);

/** Someone answered the customer (memdesk or a person): the first- and next-response clocks stop. */
export function stopResponse(clocks: TicketClocks, at: Date): TicketClocks {
  return {
    ...clocks,
    first_response_at: clocks.first_response_at ?? at.toISOString(),
    first_response: stop(clocks.first_response, at),
    next_response: stop(clocks.next_response, at),
  };
}

/**
 * The reply stamped `at` never reached the customer (memdesk withheld it): what it stopped runs
 * again, as if it had not been written. Stamps of other instants (an earlier answer) stay.
 */
export function withdrawResponse(clocks: TicketClocks, at: Date): TicketClocks {
  const stamp = at.toISOString();
  const resume = (clock: SlaClock | null): SlaClock | null => (clock?.stopped_at === stamp ? { ...clock, stopped_at: null } : clock);
  return {
    ...clocks,
    first_response_at: clocks.first_response_at === stamp ? null : clocks.first_response_at,
    first_response: resume(clocks.first_response),
    next_response: resume(clocks.next_response),
    resolution: resume(clocks.resolution),
  };
}

/**
 * The customer wrote again and waits on us: the next-response clock starts. Before the first
 * response the first-response clock is still running and covers it.
 */
export function customerWaiting(clocks: TicketClocks, at: Date): TicketClocks {
  if (!clocks.first_response_at) return clocks;
  if (clocks.next_response && !clocks.next_response.stopped_at) return clocks;
  return { ...clocks, next_response: windowFrom(at, clocks.next_response_minutes, clocks.business_hours) };
}

/** The ticket is resolved: every clock stops. */
export function stopAll(clocks: TicketClocks, at: Date): TicketClocks {
  return { ...stopResponse(clocks, at), first_response_at: clocks.first_response_at, resolution: stop(clocks.resolution, at) };
}

/**
 * A resolved ticket the customer wrote to again: its resolution clock resumes where it stopped, with
 * the business minutes the ticket was open counted (as SLA tools do: the time it stayed resolved does
 * not count). The window keeps its start, so an alert already posted for it is not posted again; a
 * window already spent falls due at once.
 */
export function resumeResolution(clocks: TicketClocks, at: Date): TicketClocks {
  const c = clocks.resolution;
  if (!c?.stopped_at) return clocks;
  const hours = clocks.business_hours;
  const started = new Date(c.started_at);
  const window = businessMinutesBetween(started, new Date(c.due_at), hours);
  const used = businessMinutesBetween(started, new Date(c.stopped_at), hours);
  const left = (minutes: number) => Math.max(0, Math.round(minutes - used));
  return {
    ...clocks,
    resolution: {
      started_at: c.started_at,
      warn_at: addBusinessMinutes(at, left(Math.ceil(window * WARNING_SHARE)), hours).toISOString(),
      due_at: addBusinessMinutes(at, left(window), hours).toISOString(),
      stopped_at: null,
    },
  };
}

/**
 * The answer the customer waits on while a person takes over: the running next-response clock, else
 * the running first-response clock; null when none runs. What the customer is promised and the
 * handoff's "SLA due" are this one due time.
 */
export function awaitedResponse(clocks: TicketClocks | undefined): { due_at: string; timezone: string } | null {
  const c = [clocks?.next_response, clocks?.first_response].find((w) => w && !w.stopped_at);
  return c && clocks ? { due_at: c.due_at, timezone: clocks.business_hours.timezone } : null;
}

export function dueTimes(clocks: TicketClocks | undefined): ClockDueTimes {
  const due = (c: SlaClock | null | undefined) => (c && !c.stopped_at ? c.due_at : null);
  return { first_response_due: due(clocks?.first_response), next_response_due: due(clocks?.next_response), resolution_due: due(clocks?.resolution) };
}

export interface DueAlert {
  clock: ClockName;
  level: AlertLevel;
  due_at: string;
}

/**
 * The alerts a ticket's running clocks call for at `now`. A clock past its due time calls for the
 * breach alert only: a warning that was never sent (the bot was down) would arrive after the fact.
 */
export function dueAlerts(clocks: TicketClocks | undefined, now: Date): DueAlert[] {
  if (!clocks) return [];
  const t = now.getTime();
  const alerts: DueAlert[] = [];
  for (const name of clockNames) {
    const c = clocks[name];
    if (!c || c.stopped_at) continue;
    if (t >= Date.parse(c.due_at)) alerts.push({ clock: name, level: 'breach', due_at: c.due_at });
    else if (t >= Date.parse(c.warn_at)) alerts.push({ clock: name, level: 'warning', due_at: c.due_at });
  }
  return alerts;
}

/**
 * The earliest instant at which a running clock calls for an alert (its warning point), null when
 * no clock runs. Stored beside the state (the ticket's `sla_alert_at`), so the SLA scan reads only
 * the tickets whose alerts are due instead of every open ticket.
 */
export function firstAlertAt(clocks: TicketClocks | undefined): string | null {
  let first: string | null = null;
  for (const name of clockNames) {
    const c = clocks?.[name];
    if (c && !c.stopped_at && (first === null || Date.parse(c.warn_at) < Date.parse(first))) first = c.warn_at;
  }
  return first;
}

/** Whether a clock is still running and its alert still means something. */
export function clockRunning(clocks: TicketClocks | undefined, name: ClockName): boolean {
  const c = clocks?.[name];
  return Boolean(c && !c.stopped_at);
}
