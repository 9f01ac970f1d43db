import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronSyntaxError, mostRecentFiring, parseCronSchedule } from './cron-schedule';

const at = (iso: string): Date => new Date(iso);
const sorted = (values: ReadonlySet<number>): number[] => [...values].sort((left, right) => left - right);

function latest(schedule: string, after: string, notAfter: string, timeZone?: string): string | undefined {
  return mostRecentFiring(parseCronSchedule(schedule), at(after), at(notAfter), timeZone)?.toISOString();
}

describe('cron schedules', () => {
  it('read lists, ranges, steps and stars in each of the five fields', () => {
    const schedule = parseCronSchedule('*/15 9-17 1,15 * 1-5');
    assert.deepEqual(sorted(schedule.minutes), [0, 15, 30, 45]);
    assert.deepEqual(sorted(schedule.hours), [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual(sorted(schedule.daysOfMonth), [1, 15]);
    assert.equal(schedule.months.size, 12);
    assert.deepEqual(sorted(schedule.daysOfWeek), [1, 2, 3, 4, 5]);
    assert.deepEqual(sorted(parseCronSchedule('5/20 0-10/5 * * *').minutes), [5, 25, 45]);
    assert.deepEqual(sorted(parseCronSchedule('5/20 0-10/5 * * *').hours), [0, 5, 10]);
  });

  it('read month and weekday names, and 7 as Sunday', () => {
    const schedule = parseCronSchedule('0 0 * jan-mar SUN,7,sat');
    assert.deepEqual(sorted(schedule.months), [1, 2, 3]);
    assert.deepEqual(sorted(schedule.daysOfWeek), [0, 6]);
  });

  it('expand the predefined schedules', () => {
    assert.deepEqual(parseCronSchedule('@hourly'), parseCronSchedule('0 * * * *'));
    assert.deepEqual(parseCronSchedule('@daily'), parseCronSchedule('0 0 * * *'));
    assert.deepEqual(parseCronSchedule('@midnight'), parseCronSchedule('0 0 * * *'));
    assert.deepEqual(parseCronSchedule('@weekly'), parseCronSchedule('0 0 * * 0'));
    assert.deepEqual(parseCronSchedule('@monthly'), parseCronSchedule('0 0 1 * *'));
    assert.deepEqual(parseCronSchedule('@yearly'), parseCronSchedule('@annually'));
  });

  it('reject a wrong field count, out-of-range values, bad steps and reversed ranges', () => {
    for (const bad of [
      '* * * *',
      '* * * * * *',
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '*/0 * * * *',
      '5-1 * * * *',
      'x * * * *',
      '@every 5m',
    ]) {
      assert.throws(() => parseCronSchedule(bad), CronSyntaxError, bad);
    }
  });

  it('find the latest firing at or before now and after the previous one', () => {
    assert.equal(latest('*/5 * * * *', '2025-03-10T10:00:00Z', '2025-03-10T10:17:42Z'), '2025-03-10T10:15:00.000Z');
    assert.equal(latest('*/5 * * * *', '2025-03-10T10:15:00Z', '2025-03-10T10:19:59Z'), undefined);
    assert.equal(latest('@hourly', '2025-03-10T00:00:00Z', '2025-03-10T10:00:00Z'), '2025-03-10T10:00:00.000Z');
  });

  it('match a day when either restricted day field matches, and both when one is a star', () => {
    // 2025-03-10 is a Monday; the 1st of March 2025 a Saturday.
    assert.equal(latest('0 12 1 * MON', '2025-02-01T00:00:00Z', '2025-03-10T13:00:00Z'), '2025-03-10T12:00:00.000Z');
    assert.equal(latest('0 12 1 * MON', '2025-02-01T00:00:00Z', '2025-03-09T13:00:00Z'), '2025-03-03T12:00:00.000Z');
    assert.equal(latest('0 12 * * SAT', '2025-02-01T00:00:00Z', '2025-03-09T13:00:00Z'), '2025-03-08T12:00:00.000Z');
  });

  it('walk back a whole year quickly for a yearly schedule', () => {
    const started = performance.now();
    assert.equal(latest('@yearly', '2024-01-01T00:00:00Z', '2024-12-31T23:59:00Z'), undefined);
    assert.equal(latest('@yearly', '2023-06-01T00:00:00Z', '2024-12-31T23:59:00Z'), '2024-01-01T00:00:00.000Z');
    assert.ok(performance.now() - started < 200);
  });

  it('fire on the wall clock of spec.timeZone', () => {
    // 09:00 in New York is 13:00 UTC in summer (EDT) and 14:00 UTC in winter (EST).
    assert.equal(
      latest('0 9 * * *', '2025-07-01T00:00:00Z', '2025-07-01T20:00:00Z', 'America/New_York'),
      '2025-07-01T13:00:00.000Z',
    );
    assert.equal(
      latest('0 9 * * *', '2025-01-15T00:00:00Z', '2025-01-15T20:00:00Z', 'America/New_York'),
      '2025-01-15T14:00:00.000Z',
    );
    assert.throws(
      () => latest('0 9 * * *', '2025-01-15T00:00:00Z', '2025-01-15T20:00:00Z', 'Mars/Olympus'),
      RangeError,
    );
  });
});
