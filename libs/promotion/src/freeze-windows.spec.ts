import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FreezeWindow,
  OneOffFreezeWindow,
  RecurringFreezeWindow,
  freezeGate,
  freezeStateAt,
  validateFreezeWindows,
} from './freeze-windows';

const at = (iso: string): Date => new Date(iso);

function recurring(overrides: Partial<RecurringFreezeWindow> = {}): RecurringFreezeWindow {
  return {
    kind: 'recurring',
    cron: '0 18 * * 5',
    timeZone: 'Europe/Berlin',
    durationMinutes: 62 * 60,
    effect: 'deny',
    ...overrides,
  };
}

function oneOff(from: string, until: string, overrides: Partial<OneOffFreezeWindow> = {}): OneOffFreezeWindow {
  return { kind: 'one-off', from, until, effect: 'deny', ...overrides };
}

/** Tuesday to Thursday, 09:00 to 17:00 in Berlin: the only time an allow-listed environment takes changes. */
const businessHours = recurring({
  cron: '0 9 * * 2-4',
  durationMinutes: 8 * 60,
  effect: 'allow',
  name: 'business hours',
});

describe('freeze windows', () => {
  describe('validateFreezeWindows', () => {
    it('accepts recurring and one-off windows, with Date or ISO-8601 instants', () => {
      const windows: FreezeWindow[] = [
        recurring({ name: 'weekend' }),
        businessHours,
        oneOff('2026-12-24T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'holidays' }),
        { kind: 'one-off', from: at('2026-12-31T00:00:00Z'), until: at('2027-01-02T00:00:00Z'), effect: 'deny' },
      ];
      assert.deepEqual(validateFreezeWindows(windows), []);
    });

    it('names the cron that does not parse, with what is wrong in it', () => {
      assert.deepEqual(validateFreezeWindows([recurring(), recurring({ cron: '61 18 * * 5' })]), [
        {
          field: 'freezeWindows[1].cron',
          message: 'is not a five-field cron expression: Invalid value for minute: 61',
        },
      ]);
    });

    it('refuses a six-field cron and one that never fires', () => {
      const problems = validateFreezeWindows([recurring({ cron: '0 0 18 * * 5' }), recurring({ cron: '0 0 31 2 *' })]);
      assert.deepEqual(
        problems.map((problem) => problem.field),
        ['freezeWindows[0].cron', 'freezeWindows[1].cron'],
      );
      assert.match(problems[0].message, /requires exactly 5 parts/);
      assert.equal(problems[1].message, 'never fires');
    });

    it('names a time zone that is not an IANA name, offsets included', () => {
      assert.deepEqual(
        validateFreezeWindows([recurring({ timeZone: 'Mars/Olympus' }), recurring({ timeZone: '+01:00' })]),
        [
          {
            field: 'freezeWindows[0].timeZone',
            message: '"Mars/Olympus" is not an IANA time zone (such as Europe/Berlin or UTC)',
          },
          {
            field: 'freezeWindows[1].timeZone',
            message: '"+01:00" is not an IANA time zone (such as Europe/Berlin or UTC)',
          },
        ],
      );
    });

    it('refuses durations that are not a positive whole number of minutes up to a year', () => {
      const problems = validateFreezeWindows(
        [0, -5, 1.5, 527_041].map((durationMinutes) => recurring({ durationMinutes })),
        'environment.freezeWindows',
      );
      assert.deepEqual(
        problems.map((problem) => problem.field),
        [0, 1, 2, 3].map((index) => `environment.freezeWindows[${index}].durationMinutes`),
      );
      assert.equal(problems[0].message, 'must be a whole number of minutes from 1 to 527040');
    });

    it('refuses a recurring window that reopens before it closes, which would never lift', () => {
      assert.deepEqual(validateFreezeWindows([recurring({ cron: '0 * * * *', durationMinutes: 60 })]), [
        {
          field: 'freezeWindows[0].durationMinutes',
          message: 'is at least the 60 minutes between openings, so the window never closes; use a one-off window',
        },
      ]);
      assert.deepEqual(validateFreezeWindows([recurring({ cron: '0 * * * *', durationMinutes: 59 })]), []);
    });

    it('refuses a one-off window whose until is not after its from, or whose instants do not parse', () => {
      assert.deepEqual(
        validateFreezeWindows([
          oneOff('2026-12-24T00:00:00Z', '2026-12-24T00:00:00Z'),
          oneOff('Christmas', '2026-12-27'),
          oneOff('2026-12-24T00:00:00Z', 'soon'),
        ]),
        [
          { field: 'freezeWindows[0].until', message: 'must be after from' },
          { field: 'freezeWindows[1].from', message: 'must be an ISO-8601 instant' },
          { field: 'freezeWindows[2].until', message: 'must be an ISO-8601 instant' },
        ],
      );
    });
  });

  describe('freezeStateAt', () => {
    it('leaves an environment without windows unfrozen', () => {
      assert.deepEqual(freezeStateAt([], at('2026-12-03T12:00:00Z')), {
        frozen: false,
        by: [],
        outsideAllowWindows: false,
      });
    });

    it('freezes inside a one-off deny window, from inclusive and until exclusive, and lifts at until', () => {
      const holidays = oneOff('2026-12-24T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'holidays' });
      assert.equal(freezeStateAt([holidays], at('2026-12-23T23:59:59Z')).frozen, false);
      assert.deepEqual(freezeStateAt([holidays], at('2026-12-24T00:00:00Z')), {
        frozen: true,
        by: [
          { index: 0, window: holidays, openedAt: at('2026-12-24T00:00:00Z'), closesAt: at('2026-12-27T00:00:00Z') },
        ],
        outsideAllowWindows: false,
        liftsAt: at('2026-12-27T00:00:00Z'),
      });
      assert.equal(freezeStateAt([holidays], at('2026-12-27T00:00:00Z')).frozen, false);
    });

    it('freezes a recurring weekend read in its time zone, from Friday 18:00 to Monday 08:00 Berlin time', () => {
      const weekend = recurring({ name: 'weekend' });
      // Friday 4 December 2026, 17:59 and 18:00 in Berlin (UTC+1).
      assert.equal(freezeStateAt([weekend], at('2026-12-04T16:59:00Z')).frozen, false);
      const saturday = freezeStateAt([weekend], at('2026-12-05T12:00:00Z'));
      assert.equal(saturday.frozen, true);
      assert.deepEqual(saturday.by[0].openedAt, at('2026-12-04T17:00:00Z'));
      assert.deepEqual(saturday.liftsAt, at('2026-12-07T07:00:00Z'));
      assert.equal(freezeStateAt([weekend], at('2026-12-07T07:00:00Z')).frozen, false);
    });

    it('opens a daily window at the same wall-clock time on both sides of the spring-forward switch', () => {
      // Berlin leaves CET (UTC+1) for CEST (UTC+2) at 02:00 on Sunday 29 March 2026.
      const standup = recurring({ cron: '0 9 * * *', durationMinutes: 60, name: 'stand-up' });
      assert.equal(freezeStateAt([standup], at('2026-03-27T08:30:00Z')).frozen, true, '09:30 CET');
      assert.equal(freezeStateAt([standup], at('2026-03-27T07:30:00Z')).frozen, false, '08:30 CET');
      assert.equal(freezeStateAt([standup], at('2026-03-30T07:30:00Z')).frozen, true, '09:30 CEST');
      assert.equal(freezeStateAt([standup], at('2026-03-30T08:30:00Z')).frozen, false, '10:30 CEST');
    });

    it('keeps a window open for its elapsed duration across the switch: 12 hours from 22:00 CET end at 11:00 CEST', () => {
      const night = recurring({ cron: '0 22 * * 6', durationMinutes: 12 * 60, name: 'maintenance night' });
      const state = freezeStateAt([night], at('2026-03-29T03:00:00Z'));
      assert.deepEqual(state.by[0].openedAt, at('2026-03-28T21:00:00Z'));
      assert.deepEqual(state.liftsAt, at('2026-03-29T09:00:00Z'));
    });

    it('opens a window due in the skipped hour at the first time after it, in New York too', () => {
      // New York skips 02:00-03:00 on Sunday 8 March 2026; a 02:30 window opens at 03:00 EDT (07:00Z).
      const window = recurring({ cron: '30 2 * * *', timeZone: 'America/New_York', durationMinutes: 30 });
      assert.equal(freezeStateAt([window], at('2026-03-08T06:59:00Z')).frozen, false);
      assert.deepEqual(freezeStateAt([window], at('2026-03-08T07:10:00Z')).by[0]?.openedAt, at('2026-03-08T07:00:00Z'));
    });

    it('freezes outside the allow windows of an allow-listed environment and lifts when the next one opens', () => {
      // Friday 4 December 2026, 10:00 Berlin: outside Tuesday-Thursday.
      assert.deepEqual(freezeStateAt([businessHours], at('2026-12-04T09:00:00Z')), {
        frozen: true,
        by: [],
        outsideAllowWindows: true,
        liftsAt: at('2026-12-08T08:00:00Z'),
      });
      assert.equal(freezeStateAt([businessHours], at('2026-12-03T09:00:00Z')).frozen, false, 'Thursday 10:00');
    });

    it('lets deny win inside an allow window, lifting when the deny window closes', () => {
      const incident = oneOff('2026-12-03T09:00:00Z', '2026-12-03T11:00:00Z', { reason: 'incident 4711' });
      const state = freezeStateAt([businessHours, incident], at('2026-12-03T10:00:00Z'));
      assert.equal(state.frozen, true);
      assert.equal(state.outsideAllowWindows, false);
      assert.deepEqual(
        state.by.map((active) => active.index),
        [1],
      );
      assert.deepEqual(state.liftsAt, at('2026-12-03T11:00:00Z'));
    });

    it('lifts at the next allow window when a deny window outlasts the current one', () => {
      const incident = oneOff('2026-12-03T15:00:00Z', '2026-12-03T20:00:00Z', { reason: 'incident 4711' });
      assert.deepEqual(
        freezeStateAt([businessHours, incident], at('2026-12-03T15:30:00Z')).liftsAt,
        at('2026-12-08T08:00:00Z'),
      );
    });

    it('lifts only when the last of overlapping deny windows closes', () => {
      const windows = [
        oneOff('2026-12-05T00:00:00Z', '2026-12-06T12:00:00Z', { reason: 'migration' }),
        recurring({ name: 'weekend' }),
        oneOff('2026-12-07T06:00:00Z', '2026-12-07T10:00:00Z', { reason: 'audit' }),
      ];
      const state = freezeStateAt(windows, at('2026-12-05T10:00:00Z'));
      assert.deepEqual(
        state.by.map((active) => active.index),
        [0, 1],
      );
      assert.deepEqual(state.liftsAt, at('2026-12-07T10:00:00Z'));
    });

    it('gives no lift time when nothing ever lifts the freeze', () => {
      const pastAllow = oneOff('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', { effect: 'allow' });
      const state = freezeStateAt([pastAllow], at('2026-12-03T12:00:00Z'));
      assert.equal(state.frozen, true);
      assert.equal(state.liftsAt, undefined);
    });
  });

  describe('freezeGate', () => {
    it('is pending while frozen, with the windows in force and the lift time as evidence', () => {
      const result = freezeGate([recurring({ name: 'weekend' })], at('2026-12-05T12:00:00Z'));
      assert.deepEqual(result, {
        gate: 'freeze',
        status: 'pending',
        reason: 'frozen by "weekend" until 2026-12-07T07:00:00.000Z',
        evidence: {
          frozen: true,
          by: [
            { index: 0, label: 'weekend', openedAt: '2026-12-04T17:00:00.000Z', closesAt: '2026-12-07T07:00:00.000Z' },
          ],
          outsideAllowWindows: false,
          liftsAt: '2026-12-07T07:00:00.000Z',
          windowCount: 1,
        },
        evaluatedAt: '2026-12-05T12:00:00.000Z',
      });
    });

    it('passes outside every freeze and says how many windows it read', () => {
      const result = freezeGate([recurring(), businessHours], at('2026-12-03T09:00:00Z'));
      assert.equal(result.status, 'passed');
      assert.equal(result.reason, 'no freeze window is in force');
      assert.deepEqual(result.evidence, { frozen: false, by: [], outsideAllowWindows: false, windowCount: 2 });
    });

    it('explains a freeze that comes from being outside the allow windows', () => {
      const result = freezeGate([businessHours], at('2026-12-04T09:00:00Z'));
      assert.equal(result.reason, 'frozen outside the allow windows until 2026-12-08T08:00:00.000Z');
    });
  });
});
