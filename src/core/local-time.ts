// An instant as the people of an account read it: their timezone's wall clock, named, so a due time
// in a brief or an alert is never a UTC string someone has to convert.
import { zoneFormatter } from './zone-formatter.js';

const shape: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
};

export function localTime(iso: string, timezone: string): string {
  return `${zoneFormatter('en-GB', timezone, shape).format(new Date(iso))} (${timezone})`;
}
