// An instant as the people of an account read it: their timezone's wall clock, so a due time in a
// brief or an alert is never a UTC string someone has to convert. A message names its zone once:
// one time on its own carries the zone after it; a message with several times (a handoff's SLA
// clocks, a list of tickets) writes each as a bare wall clock and names the zone once, in its heading.
import { zoneFormatter } from './zone-formatter.js';
import type { SupportedLanguage } from './reading.js';

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

// A due time in a customer's reply, said as a person would in the reply's language (policy/templates.yml `due`):
// "today" or "tomorrow" when it falls on the customer's today or tomorrow in the zone, else the weekday and date;
// the wall clock as the language writes it (5:00 PM, 17:00, "17:00 Uhr") and the zone by the name its people use
// ("EST", "MEZ", "UTC"), or where the language has no abbreviation for it, its generic name ("Nordamerikanische
// Ostküstenzeit"), never an IANA id. English follows the zone's side of the Atlantic (5:00 PM EST, 17:00 CET).
const dateShape: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
const clockShape: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const shortZone: Intl.DateTimeFormatOptions = { timeZoneName: 'short' };
const genericZone: Intl.DateTimeFormatOptions = { timeZoneName: 'longGeneric' };
const calendarDay: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const replyLocales: Record<SupportedLanguage, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', pt: 'pt-BR', nl: 'nl-NL' };

/**
 * A language's due-time wording (templates `due`): `today`, `tomorrow` and `later` ({date}, {time}), and `time`
 * ({clock}, {zone}); `<when>_one`, where present, is used when the clock shows hour 1 ("a la 1:30", not "a las").
 */
export type DueWording = { today: string; tomorrow: string; later: string; time: string } & Record<string, string>;

/** "today at 5:00 PM EST", "morgen um 9:00 Uhr MEZ", "le mercredi 25 novembre à 17:00 UTC": `now` is the clock's, and today is the zone's. */
export function replyDueTime(iso: string, timezone: string, language: SupportedLanguage, wording: DueWording, now: Date): string {
  const at = new Date(iso);
  const zone = zoneName(timezone);
  const locale = language === 'en' && /^(America|US|Canada)\//.test(zone) ? 'en-US' : replyLocales[language];
  const named = (shape: Intl.DateTimeFormatOptions) => zoneFormatter(locale, zone, shape).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const short = named(shortZone);
  // An abbreviation ("EST", "MEZ", "UTC") reads as a person writes it; an offset ("GMT-5", "UTC−5") does not.
  const zoneLabel = /^\p{Lu}{2,5}$/u.test(short) ? short : named(genericZone) || zone;
  const clockParts = zoneFormatter(locale, zone, clockShape).formatToParts(at);
  // Newer ICU puts a narrow no-break space in "5:00 PM": written as the space a person types, as the rest of the reply.
  const clock = clockParts.map((p) => p.value).join('').replace(/[\u202f\u00a0]/g, ' ');
  const days = dayNumber(at, zone) - dayNumber(now, zone);
  const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : 'later';
  const oneOClock = Number(clockParts.find((p) => p.type === 'hour')?.value) === 1;
  const template = (oneOClock ? wording[`${when}_one`] : undefined) ?? wording[when];
  const time = fillIn(wording.time, { clock, zone: zoneLabel });
  return fillIn(template, { date: zoneFormatter(locale, zone, dateShape).format(at), time });
}

/** The calendar day of an instant in the zone, as a count of days (so two days' difference is a subtraction). */
function dayNumber(at: Date, zone: string): number {
  return Date.parse(`${zoneFormatter('en-CA', zone, calendarDay).format(at)}T00:00:00Z`) / 86_400_000;
}

function fillIn(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole).replace(/ {2,}/g, ' ').trim();
}
