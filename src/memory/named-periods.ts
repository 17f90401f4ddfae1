// The days and months a search names ("on 3 June, 2023", "October 13, 2023", "in July 2023",
// "2026-04-12"): memories are written with their date, so one written within a named period is
// likely what the search is about even when its text says "yesterday" instead of the date.
// A month or day with no year names nothing here: which year it means is a guess.

/** A period as inclusive ISO days (YYYY-MM-DD), compared as strings against a memory's created_at. */
export interface NamedPeriod {
  from: string;
  to: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const month = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const day = '(\\d{1,2})(?:st|nd|rd|th)?';
const year = '((?:19|20)\\d\\d)';
/** "May 3, 2023", "May 3 2023", "May 3,2023". */
const beforeYear = '(?:,\\s*|\\s+)';
const monthDayYear = new RegExp(`\\b${month}\\.?\\s+${day}${beforeYear}${year}\\b`, 'gi');
const dayMonthYear = new RegExp(`\\b${day}\\s+(?:of\\s+)?${month}\\.?${beforeYear}${year}\\b`, 'gi');
const monthYear = new RegExp(`\\b${month}\\.?${beforeYear}${year}\\b`, 'gi');
const isoDay = /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/g;

const pad = (n: number) => String(n).padStart(2, '0');
const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

function dayPeriod(y: number, m: number, d: number): NamedPeriod | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  // 31 June is not a day: a typo names nothing rather than the 1st of July.
  if (m < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return { from: iso, to: iso };
}

function monthPeriod(y: number, m: number): NamedPeriod {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` };
}

/** The periods named in a text, days before months ("May 3, 2023" is a day, not May 2023 too). */
export function namedPeriods(text: string): NamedPeriod[] {
  const found: NamedPeriod[] = [];
  const taken: [number, number][] = [];
  const take = (m: RegExpMatchArray, period: NamedPeriod | undefined) => {
    taken.push([m.index!, m.index! + m[0].length]);
    if (period) found.push(period);
  };
  const free = (m: RegExpMatchArray) => taken.every(([from, to]) => m.index! >= to || m.index! + m[0].length <= from);
  for (const m of text.matchAll(isoDay)) take(m, dayPeriod(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(monthDayYear)) if (free(m)) take(m, dayPeriod(Number(m[3]), monthNumber(m[1]!), Number(m[2])));
  for (const m of text.matchAll(dayMonthYear)) if (free(m)) take(m, dayPeriod(Number(m[3]), monthNumber(m[2]!), Number(m[1])));
  for (const m of text.matchAll(monthYear)) if (free(m)) take(m, monthPeriod(Number(m[2]), monthNumber(m[1]!)));
  return found;
}

/** Whether a memory written at `at` (ISO) falls within one of the periods. */
export function writtenWithin(at: string, periods: NamedPeriod[]): boolean {
  const d = at.slice(0, 10);
  return periods.some((p) => d >= p.from && d <= p.to);
}
