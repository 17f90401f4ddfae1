// Intl.DateTimeFormat is slow to build and fast to use: one formatter per shape (the options object a
// caller keeps), locale and timezone, built on first use and kept for the process.
const byShape = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

export function zoneFormatter(locale: string, timezone: string, shape: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let formatters = byShape.get(shape);
  if (!formatters) {
    formatters = new Map();
    byShape.set(shape, formatters);
  }
  const key = `${locale}|${timezone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...shape, timeZone: timezone });
    formatters.set(key, f);
  }
  return f;
}
