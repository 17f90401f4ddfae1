// Column values between the ports' types and what each backend stores and returns.

/** An instant as the ports speak it: ISO-8601 text (PostgreSQL hands back a Date). */
export const instant = (value: string | Date): string => (value instanceof Date ? value.toISOString() : value);
export const instantOrNull = (value: string | Date | null): string | null => (value === null ? null : instant(value));

/**
 * JSON for a text or jsonb column. jsonb refuses the \u0000 escape, and a NUL carries nothing in
 * a support record, so it is dropped here on both backends (an escaped backslash before "u0000" is
 * left alone).
 */
export const toJson = (value: unknown): string => {
  const json = JSON.stringify(value);
  // Almost no record holds a NUL: the scan for its escape is skipped unless one is there.
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1') : json;
};
/** JSON read back: text on SQLite, already parsed from jsonb on PostgreSQL. */
export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** bigint identity columns come back from PostgreSQL as text. */
export const sequence = (value: number | string): number => Number(value);
