// The five-field cron form (minute hour day-of-month month day-of-week) DIGEST_CRON is written in,
// and the latest moment it names at or before an instant, read in a timezone's wall clock (so
// "0 9 * * 1" is 09:00 Monday in DIGEST_TZ across daylight-saving changes). Lists (1,3), ranges
// (1-5), steps (*/15, 8-18/2) and day and month names (mon, jan) are understood; when both day
// fields are restricted a day matching either counts, as in Vixie cron.
import { instantOf, localDate, type LocalDate } from '../core/business-hours.js';
import { memdeskError } from '../errors.js';

export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Whether each day field is "*": only then does the other one alone decide. */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: monthNames, base: 1 },
  { name: 'day of week', min: 0, max: 7, names: dayNames, base: 0 },
] as const;

export function parseCron(text: string): CronSchedule {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) throw memdeskError('config_invalid', `cron ${JSON.stringify(text)} needs five fields: minute hour day-of-month month day-of-week (e.g. "0 9 * * 1")`);
  const [minutes, hours, dom, months, dow] = parts.map((p, i) => parseField(p, fields[i]!, text));
  return {
    minutes: [...minutes!].sort((a, b) => a - b),
    hours: [...hours!].sort((a, b) => a - b),
    daysOfMonth: dom!,
    months: months!,
    // 7 is Sunday too.
    daysOfWeek: new Set([...dow!].map((d) => d % 7)),
    anyDayOfMonth: parts[2] === '*',
    anyDayOfWeek: parts[4] === '*',
  };
}

function parseField(part: string, f: (typeof fields)[number], whole: string): Set<number> {
  const values = new Set<number>();
  const bad = () => memdeskError('config_invalid', `cron ${JSON.stringify(whole)}: ${JSON.stringify(part)} is not a ${f.name} (${f.min}-${f.max})`);
  const value = (token: string): number => {
    const named = 'names' in f ? (f.names as readonly string[]).indexOf(token.toLowerCase()) : -1;
    const n = named >= 0 ? named + ('base' in f ? f.base : 0) : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!(n >= f.min && n <= f.max)) throw bad();
    return n;
  };
  for (const item of part.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(item);
    if (!m) throw bad();
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw bad();
    const [from, to] = m[1] === '*' ? [f.min, f.max] : m[1]!.includes('-') ? m[1]!.split('-').map(value) : [value(m[1]!), m[2] === undefined ? value(m[1]!) : f.max];
    if (from! > to!) throw bad();
    for (let v = from!; v <= to!; v += step) values.add(v);
  }
  return values;
}

function dayMatches(s: CronSchedule, date: LocalDate): boolean {
  if (!s.months.has(date.month)) return false;
  const dom = s.daysOfMonth.has(date.day);
  const dow = s.daysOfWeek.has(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay());
  if (s.anyDayOfMonth) return dow;
  if (s.anyDayOfWeek) return dom;
  return dom || dow;
}

/** The latest instant the schedule names at or before `now` in `timezone`, looking back a year; null if none. */
export function latestRun(s: CronSchedule, timezone: string, now: Date): Date | null {
  const today = localDate(now.getTime(), timezone);
  for (let back = 0; back <= 366; back++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (!dayMatches(s, date)) continue;
    for (let h = s.hours.length - 1; h >= 0; h--) {
      for (let m = s.minutes.length - 1; m >= 0; m--) {
        const at = instantOf(date, s.hours[h]! * 60 + s.minutes[m]!, timezone);
        if (at <= now.getTime()) return new Date(at);
      }
    }
  }
  return null;
}
