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

// A due time in a customer's reply, said as a person would in the reply's language: the weekday and date, the
// wall clock as the language writes it (5:00 PM, 17:00) and the zone by the name its people use ("EST", "MEZ",
// "UTC"), or where the language has no abbreviation for it, its generic name ("Nordamerikanische
// Ostküstenzeit"), never an IANA id. English follows the zone's side of the Atlantic (5:00 PM EST, 17:00 CET).
const replyShape: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' };
const abbreviated: Intl.DateTimeFormatOptions = { ...replyShape, timeZoneName: 'short' };
const genericNamed: Intl.DateTimeFormatOptions = { ...replyShape, timeZoneName: 'longGeneric' };
const zoneOnly: Intl.DateTimeFormatOptions = { timeZoneName: 'short' };
const replyLocales: Record<SupportedLanguage, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', pt: 'pt-BR', nl: 'nl-NL' };

/** "Wednesday, November 25 at 5:00 PM EST", "Mittwoch, 25. November um 14:00 UTC", "mercredi 25 novembre à 17:00 heure de l’Est nord-américain". */
export function replyDueTime(iso: string, timezone: string, language: SupportedLanguage = 'en'): string {
  const at = new Date(iso);
  const zone = zoneName(timezone);
  const locale = language === 'en' && /^(America|US|Canada)\//.test(zone) ? 'en-US' : replyLocales[language];
  const short = zoneFormatter(locale, zone, zoneOnly).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  // An abbreviation ("EST", "MEZ", "UTC") reads as a person writes it; an offset ("GMT-5", "UTC−5") does not.
  return zoneFormatter(locale, zone, /^\p{Lu}{2,5}$/u.test(short) ? abbreviated : genericNamed).format(at);
}
