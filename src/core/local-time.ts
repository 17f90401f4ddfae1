// An instant as the people of an account read it: their timezone's wall clock, so a due time in a
// brief or an alert is never a UTC string someone has to convert. A message names its zone once:
// one time on its own carries the zone after it; a message with several times (a handoff's SLA
// clocks, a list of tickets) writes each as a bare wall clock and names the zone once, in its heading.
import { zoneFormatter } from './zone-formatter.js';

const shape: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** The zone as a message names it: `UTC` for UTC under any of its names, else its IANA name (Europe/Berlin). */
export function zoneName(timezone: string): string {
  return /^(Etc\/)?(UTC|UCT|GMT|Universal|Zulu)$/i.test(timezone) ? 'UTC' : timezone;
}

/** The wall clock in the zone, unnamed ("Wed 25 Nov, 15:00"): for a message that names its zone once. */
export function wallClock(iso: string, timezone: string): string {
  return zoneFormatter('en-GB', timezone, shape).format(new Date(iso));
}

/** One time on its own, its zone named once: "Wed 25 Nov, 15:00 Europe/Berlin", "Wed 25 Nov, 14:00 UTC". */
export function localTime(iso: string, timezone: string): string {
  return `${wallClock(iso, timezone)} ${zoneName(timezone)}`;
}

const replyShape: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * A due time in a customer's reply, which holds one, in the account's zone named once:
 * "2026-11-26 10:00 UTC", "2026-11-26 17:00 America/New_York" (the same shape in every language).
 */
export function replyDueTime(iso: string, timezone: string): string {
  const parts: Record<string, string> = {};
  for (const p of zoneFormatter('en-US', timezone, replyShape).formatToParts(new Date(iso))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zoneName(timezone)}`;
}
