import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessHoursSchema, businessMinutesBetween } from '../../src/core/business-hours.js';

const berlin = businessHoursSchema.parse({ timezone: 'Europe/Berlin', holidays: ['2026-12-24', '2026-12-25'] });
const newYork = businessHoursSchema.parse({ timezone: 'America/New_York' });
const due = (from: string, minutes: number, hours = berlin) => addBusinessMinutes(new Date(from), minutes, hours).toISOString();

describe('business hours', () => {
  it('skips the night and the weekend', () => {
    // Friday 16:00 in Berlin (UTC+1): one hour left on Friday, three on Monday.
    expect(due('2026-11-27T15:00:00Z', 240)).toBe('2026-11-30T11:00:00.000Z');
    expect(businessMinutesBetween(new Date('2026-11-27T15:00:00Z'), new Date('2026-11-30T09:00:00Z'), berlin)).toBe(120);
  });

  it('starts counting at opening time when a message arrives before it', () => {
    expect(due('2026-11-30T06:00:00Z', 30)).toBe('2026-11-30T08:30:00.000Z');
    // After closing on Monday: Tuesday 09:00 + 1 h.
    expect(due('2026-11-30T19:00:00Z', 60)).toBe('2026-12-01T09:00:00.000Z');
  });

  it('skips holidays in the account timezone', () => {
    // Wednesday 23 Dec 15:00: two hours that day; 24 and 25 Dec are holidays, then the weekend.
    expect(due('2026-12-23T14:00:00Z', 240)).toBe('2026-12-28T10:00:00.000Z');
  });

  it('follows the spring-forward change in New York', () => {
    // Friday 6 March 16:00 EST (UTC-5); clocks go forward on Sunday 8 March; Monday 10:00 EDT is 14:00 UTC.
    expect(due('2026-03-06T21:00:00Z', 120, newYork)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('follows the fall-back change in Berlin', () => {
    // Friday 23 October 16:30 CEST (UTC+2); clocks go back on Sunday 25; Monday 09:30 CET is 08:30 UTC.
    expect(due('2026-10-23T14:30:00Z', 60)).toBe('2026-10-26T08:30:00.000Z');
    expect(businessMinutesBetween(new Date('2026-10-23T14:30:00Z'), new Date('2026-10-26T08:30:00Z'), berlin)).toBe(60);
  });

  it('counts every minute when support is 24/7', () => {
    const always = businessHoursSchema.parse({ timezone: 'UTC', always_open: true });
    expect(due('2026-11-28T23:00:00Z', 240, always)).toBe('2026-11-29T03:00:00.000Z');
    expect(businessMinutesBetween(new Date('2026-11-28T23:00:00Z'), new Date('2026-11-29T03:00:00Z'), always)).toBe(240);
  });

  it('names the field that is wrong', () => {
    expect(businessHoursSchema.safeParse({ timezone: 'Mars/Olympus' }).error?.issues[0]?.path).toEqual(['timezone']);
    expect(businessHoursSchema.safeParse({ timezone: 'UTC', open: '18:00', close: '09:00' }).error?.issues[0]?.path).toEqual(['close']);
    expect(businessHoursSchema.safeParse({ timezone: 'UTC', holidays: ['24/12/2026'] }).error?.issues[0]?.path).toEqual(['holidays', 0]);
  });
});
