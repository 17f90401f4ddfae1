// Business-hours arithmetic for SLA clocks: "4 business hours after this message" in the account's
// timezone, skipping nights, weekends and holidays, and staying right across daylight-saving changes.
// Wall-clock times are converted through Intl (the IANA database Node ships), never by fixed offsets.
import { z } from 'zod';
import { zoneFormatter } from './zone-formatter.js';

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const timezone = z.string().refine(isKnownTimezone, 'must be an IANA timezone such as Europe/Berlin');
const workdays = z.array(z.enum(weekdays)).min(1);
const holidayList = z.array(isoDate);

export const businessHoursSchema = z
  .object({
    /** IANA timezone the hours are kept in, e.g. Europe/Berlin. */
    timezone,
    /** 24/7 support: every minute counts. */
    always_open: z.boolean().default(false),
    days: workdays.default(['mon', 'tue', 'wed', 'thu', 'fri']),
    open: clockTime.default('09:00'),
    close: clockTime.default('17:00'),
    /** Local dates on which nobody works. */
    holidays: holidayList.default([]),
  })
  .refine((h) => h.always_open || h.open < h.close, { message: 'open must be before close', path: ['close'] });
/** What an account may change about its plan's hours: any field, none defaulted (the plan's stand). */
export const businessHoursOverrideSchema = z
  .object({ timezone, always_open: z.boolean(), days: workdays, open: clockTime, close: clockTime, holidays: holidayList })
  .partial()
  .strict();
export type BusinessHours = z.infer<typeof businessHoursSchema>;

function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const wallClockShape: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

/** The wall-clock reading of an instant in a timezone. */
function wallClock(instantMs: number, timezone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter('en-US', timezone, wallClockShape).formatToParts(instantMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

// Offsets change only on 15-minute boundaries of UTC (every zone's offset and transition is a multiple
// of 15 minutes), so one Intl lookup serves a whole quarter hour. `memdesk report` measures 100k
// tickets' clocks, each walking its days; without this the Intl calls dominate.
const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;
const offsets = new Map<string, number>();

/** How far the timezone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instantMs: number, timezone: string): number {
  // Most UTC days have no transition: one offset, checked at both ends, serves the whole day.
  const day = Math.floor(instantMs / DAY_MS);
  const dayKey = `${timezone}|d${day}`;
  let whole = offsets.get(dayKey);
  if (whole === undefined) {
    const first = quarterHourOffset(day * DAY_MS, timezone);
    whole = first === quarterHourOffset((day + 1) * DAY_MS - QUARTER_HOUR_MS, timezone) ? first : Number.NaN;
    offsets.set(dayKey, whole);
  }
  return Number.isNaN(whole) ? quarterHourOffset(instantMs, timezone) : whole;
}

function quarterHourOffset(instantMs: number, timezone: string): number {
  const bucket = Math.floor(instantMs / QUARTER_HOUR_MS);
  const key = `${timezone}|${bucket}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = bucket * QUARTER_HOUR_MS;
  const w = wallClock(start, timezone);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - start;
  if (offsets.size >= 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The local date of an instant in a timezone. */
export function localDate(instantMs: number, timezone: string): LocalDate {
  const d = new Date(instantMs + offsetMs(instantMs, timezone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant a local wall-clock time names. A time skipped by a spring-forward change resolves to
 * the same distance past the change (02:30 becomes 03:30), as calendars do.
 */
export function instantOf(date: LocalDate, minutesOfDay: number, timezone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day) + minutesOfDay * 60_000;
  let guess = naive - offsetMs(naive, timezone);
  guess = naive - offsetMs(guess, timezone);
  return guess;
}

function nextDay(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function dateKey(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

interface WorkingWindow {
  start: number;
  end: number;
}
// Every new ticket on a plan with hours walks the same few days ahead (four clocks, a week each):
// each hours' windows are worked out once per day and kept while the hours object lives.
const windowsOf = new WeakMap<BusinessHours, Map<number, WorkingWindow | null>>();
const WINDOWS_KEPT = 10_000;

/** The working window of one local date, as instants, or null on a day off. */
function windowOn(date: LocalDate, hours: BusinessHours): WorkingWindow | null {
  let windows = windowsOf.get(hours);
  if (!windows) windowsOf.set(hours, (windows = new Map()));
  const day = Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
  let window = windows.get(day);
  if (window === undefined) {
    window = workingWindow(date, hours);
    if (windows.size >= WINDOWS_KEPT) windows.clear();
    windows.set(day, window);
  }
  return window;
}

function workingWindow(date: LocalDate, hours: BusinessHours): WorkingWindow | null {
  const weekday = weekdays[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
  if (!hours.days.includes(weekday) || hours.holidays.includes(dateKey(date))) return null;
  return {
    start: instantOf(date, minutesOf(hours.open), hours.timezone),
    end: instantOf(date, minutesOf(hours.close), hours.timezone),
  };
}

// Ten years of days: no calendar with at least one working day a week runs past this.
const maxDaysScanned = 3660;

/** The instant `minutes` working minutes after `from`. */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours): Date {
  if (hours.always_open) return new Date(from.getTime() + minutes * 60_000);
  let remainingMs = minutes * 60_000;
  let cursor = from.getTime();
  let date: LocalDate = localDate(cursor, hours.timezone);
  for (let i = 0; i < maxDaysScanned; i++) {
    const window = windowOn(date, hours);
    if (window && cursor < window.end) {
      const begin = Math.max(cursor, window.start);
      if (begin + remainingMs <= window.end) return new Date(begin + remainingMs);
      remainingMs -= window.end - begin;
    }
    date = nextDay(date);
    cursor = instantOf(date, 0, hours.timezone);
  }
  throw new Error(`business hours in ${hours.timezone} have no working time in ten years`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  if (hours.always_open) return (end - start) / 60_000;
  let total = 0;
  let date: LocalDate = localDate(start, hours.timezone);
  for (let i = 0; i < maxDaysScanned; i++) {
    const dayStart = instantOf(date, 0, hours.timezone);
    if (dayStart >= end) break;
    const window = windowOn(date, hours);
    if (window) total += Math.max(0, Math.min(end, window.end) - Math.max(start, window.start));
    date = nextDay(date);
  }
  return total / 60_000;
}
