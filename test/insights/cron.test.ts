// DIGEST_CRON's five-field form: the latest moment it names at or before an instant, in the
// timezone's wall clock (across a daylight-saving change), and the errors a bad value gets.
import { describe, expect, it } from 'vitest';
import { latestRun, parseCron } from '../../src/insights/cron.js';
import { loadConfig } from '../../src/config.js';

const at = (iso: string) => new Date(iso);
const latest = (cron: string, tz: string, now: string) => latestRun(parseCron(cron), tz, at(now))?.toISOString();

describe('cron schedule', () => {
  it('finds the latest Monday 09:00 at or before now', () => {
    // 2026-11-30 is a Monday.
    expect(latest('0 9 * * 1', 'UTC', '2026-11-30T09:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(latest('0 9 * * 1', 'UTC', '2026-11-30T08:59:59Z')).toBe('2026-11-23T09:00:00.000Z');
    expect(latest('0 9 * * mon', 'UTC', '2026-12-02T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    // 7 is Sunday, as 0 is.
    expect(latest('30 18 * * 7', 'UTC', '2026-12-02T12:00:00Z')).toBe('2026-11-29T18:30:00.000Z');
  });

  it('reads the hours in the timezone, across a daylight-saving change', () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer (the change was on 2026-03-29).
    expect(latest('0 9 * * 1', 'Europe/Berlin', '2026-11-30T12:00:00Z')).toBe('2026-11-30T08:00:00.000Z');
    expect(latest('0 9 * * 1', 'Europe/Berlin', '2026-03-30T12:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(latest('0 9 * * 1', 'America/New_York', '2026-11-30T13:59:00Z')).toBe('2026-11-23T14:00:00.000Z');
  });

  it('understands lists, ranges, steps, month names and either day field', () => {
    expect(latest('*/15 8-17 * * mon-fri', 'UTC', '2026-11-30T10:07:00Z')).toBe('2026-11-30T10:00:00.000Z');
    expect(latest('0 9,13 * * *', 'UTC', '2026-11-30T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(latest('0 0 1 jan *', 'UTC', '2026-11-30T12:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    // Day of month 1 or any Friday (both restricted: either one).
    expect(latest('0 6 1 * fri', 'UTC', '2026-12-02T12:00:00Z')).toBe('2026-12-01T06:00:00.000Z');
    expect(latest('0 6 1 * fri', 'UTC', '2026-11-30T12:00:00Z')).toBe('2026-11-27T06:00:00.000Z');
    // Never within a year: nothing.
    expect(latest('0 0 31 2 *', 'UTC', '2026-11-30T12:00:00Z')).toBeUndefined();
  });

  it('names what is wrong with a bad schedule, and config refuses it', () => {
    expect(() => parseCron('0 9 * *')).toThrow(/needs five fields/);
    expect(() => parseCron('61 9 * * 1')).toThrow(/"61" is not a minute \(0-59\)/);
    expect(() => parseCron('0 9 * * funday')).toThrow(/is not a day of week/);
    expect(() => loadConfig({ DIGEST_CRON: 'every monday' })).toThrow(/DIGEST_CRON: must be a five-field cron/);
    expect(() => loadConfig({ DIGEST_TZ: 'Mars/Olympus' })).toThrow(/DIGEST_TZ: must be an IANA timezone/);
    expect(loadConfig({})).toMatchObject({ DIGEST_CRON: '0 9 * * 1', DIGEST_TZ: 'UTC' });
  });
});
