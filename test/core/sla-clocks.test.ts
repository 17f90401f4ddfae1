// SLA clocks from rules.yml: due times in business time in the account's timezone (weekends,
// holidays, a daylight-saving change), what stops each clock, which alerts fall due, and start-up
// errors that name the file and the field.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy.js';
import { hoursForAccount, type PlanSla } from '../../src/core/sla-rules.js';
import { customerWaiting, dueAlerts, dueTimes, startClocks, stopAll, stopResponse } from '../../src/core/sla-clocks.js';
import { loadDirectory } from '../../src/directory/directory-file.js';

const scratch = mkdtempSync(join(tmpdir(), 'memdesk-sla-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rules = loadPolicy('./policy').rules;
const pro = rules.plans.pro!.sla!;
const enterprise = rules.plans.enterprise!.sla!;
const clocksFor = (sla: PlanSla, openedAt: string, account?: Parameters<typeof hoursForAccount>[1]) =>
  startClocks(new Date(openedAt), { plan: 'pro', sla, hours: hoursForAccount(sla, account), csmSlackUserId: null });

describe('due times from rules.yml', () => {
  it('counts the Pro plan in New York business hours across a weekend', () => {
    // Friday 27 Nov 2026 16:00 EST: one working hour on Friday, seven on Monday for the 8-hour first response.
    const clocks = clocksFor(pro, '2026-11-27T21:00:00Z');
    expect(dueTimes(clocks).first_response_due).toBe('2026-11-30T21:00:00.000Z');
    // The warning at 75% (6 business hours): Monday 14:00 EST.
    expect(clocks.first_response!.warn_at).toBe('2026-11-30T19:00:00.000Z');
  });

  it('skips the plan holidays (Christmas Day in New York)', () => {
    // Thursday 24 Dec 2026 13:00 EST: four hours that day, 25 Dec off, then the weekend; Monday 28 Dec 13:00.
    expect(dueTimes(clocksFor(pro, '2026-12-24T18:00:00Z')).first_response_due).toBe('2026-12-28T18:00:00.000Z');
  });

  it("follows a daylight-saving change in the account's own timezone", () => {
    // The account keeps Berlin hours; clocks go back there on Sunday 25 Oct 2026 (UTC+2 → UTC+1).
    // Friday 23 Oct 15:00 CEST: two hours that day, six on Monday from 09:00 CET (08:00 UTC).
    const clocks = clocksFor(pro, '2026-10-23T13:00:00Z', { timezone: 'Europe/Berlin' });
    expect(dueTimes(clocks).first_response_due).toBe('2026-10-26T14:00:00.000Z');
    expect(clocks.business_hours.timezone).toBe('Europe/Berlin');
    // The plan's other hours (days, open, close, holidays) still hold for the account.
    expect(clocks.business_hours.open).toBe('09:00');
  });

  it('counts every minute on a 24/7 plan', () => {
    const clocks = clocksFor(enterprise, '2026-11-28T23:00:00Z');
    expect(dueTimes(clocks)).toEqual({ first_response_due: '2026-11-29T03:00:00.000Z', next_response_due: null, resolution_due: '2026-11-29T23:00:00.000Z' });
  });
});

describe('what stops a clock', () => {
  const opened = clocksFor(enterprise, '2026-11-25T10:00:00Z');

  it('a reply stops the first response and records when; resolution keeps running', () => {
    const answered = stopResponse(opened, new Date('2026-11-25T10:00:05Z'));
    expect(answered.first_response_at).toBe('2026-11-25T10:00:05.000Z');
    expect(dueTimes(answered)).toEqual({ first_response_due: null, next_response_due: null, resolution_due: '2026-11-26T10:00:00.000Z' });
  });

  it('a customer follow-up starts the next-response clock; the next reply stops it', () => {
    const answered = stopResponse(opened, new Date('2026-11-25T10:00:05Z'));
    const waiting = customerWaiting(answered, new Date('2026-11-25T11:00:00Z'));
    expect(dueTimes(waiting).next_response_due).toBe('2026-11-25T13:00:00.000Z');
    // A second message while waiting does not push the due time out.
    expect(dueTimes(customerWaiting(waiting, new Date('2026-11-25T12:00:00Z'))).next_response_due).toBe('2026-11-25T13:00:00.000Z');
    const replied = stopResponse(waiting, new Date('2026-11-25T12:30:00Z'));
    expect(dueTimes(replied).next_response_due).toBeNull();
    // The first response time is the first one, not the latest.
    expect(replied.first_response_at).toBe('2026-11-25T10:00:05.000Z');
  });

  it('before the first response a follow-up adds no clock: the first-response clock covers it', () => {
    expect(customerWaiting(opened, new Date('2026-11-25T11:00:00Z')).next_response).toBeNull();
  });

  it('resolving stops every clock, and nothing falls due after', () => {
    const resolved = stopAll(opened, new Date('2026-11-25T12:00:00Z'));
    expect(dueTimes(resolved)).toEqual({ first_response_due: null, next_response_due: null, resolution_due: null });
    expect(dueAlerts(resolved, new Date('2026-12-25T00:00:00Z'))).toEqual([]);
    expect(resolved.first_response_at).toBeNull();
  });
});

describe('alerts that fall due', () => {
  const waiting = customerWaiting(stopResponse(clocksFor(enterprise, '2026-11-25T10:00:00Z'), new Date('2026-11-25T10:00:05Z')), new Date('2026-11-25T11:00:00Z'));

  it('a warning at 75% of the window, the breach at 100%, nothing before', () => {
    expect(dueAlerts(waiting, new Date('2026-11-25T12:29:00Z'))).toEqual([]);
    expect(dueAlerts(waiting, new Date('2026-11-25T12:30:00Z'))).toEqual([{ clock: 'next_response', level: 'warning', due_at: '2026-11-25T13:00:00.000Z' }]);
    expect(dueAlerts(waiting, new Date('2026-11-25T13:00:00Z'))).toEqual([{ clock: 'next_response', level: 'breach', due_at: '2026-11-25T13:00:00.000Z' }]);
  });
});

describe('bad SLA values stop memdesk at start', () => {
  const policyWith = (edit: (rules: string) => string) => {
    const dir = mkdtempSync(join(scratch, 'policy-'));
    cpSync('./policy', dir, { recursive: true });
    writeFileSync(join(dir, 'rules.yml'), edit(readFileSync('./policy/rules.yml', 'utf8')));
    return dir;
  };

  it('names the file and the field of a bad target', () => {
    const dir = policyWith((r) => r.replace('first_response_minutes: 240', 'first_response_minutes: -5'));
    expect(() => loadPolicy(dir)).toThrow(`${join(dir, 'rules.yml')}: plans.enterprise.sla.first_response_minutes must be more than 0 minutes`);
  });

  it('names the file and the field of a bad timezone', () => {
    const dir = policyWith((r) => r.replace('timezone: America/New_York', 'timezone: Mars/Olympus'));
    expect(() => loadPolicy(dir)).toThrow(`${join(dir, 'rules.yml')}: plans.pro.sla.business_hours.timezone must be an IANA timezone such as Europe/Berlin`);
  });

  it("names the directory field of an account's bad hours", () => {
    const path = join(scratch, 'directory.yml');
    writeFileSync(path, 'accounts:\n  - id: acct_x\n    name: X\n    business_hours: { timezone: Europe/Berlin, open: "9am" }\ncustomers: []\n');
    expect(() => loadDirectory(path)).toThrow(`${path}: accounts.0.business_hours.open must be HH:MM (24-hour)`);
  });
});
