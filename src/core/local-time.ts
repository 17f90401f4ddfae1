// An instant as the people of an account read it: their timezone's wall clock, named, so a due time
// in a brief or an alert is never a UTC string someone has to convert.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(iso: string, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timezone, f);
  }
  return `${f.format(new Date(iso))} (${timezone})`;
}
