// A standard 5-field cron schedule (minute hour day-of-month month day-of-week), with the
// predefined @yearly/@monthly/@weekly/@daily/@hourly, as the CronJob controller accepts it.
// Written here because the project's chosen library (croner) is not installed.

export class CronSyntaxError extends Error {}

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday; 7 in the text is read as Sunday too. */
  daysOfWeek: ReadonlySet<number>;
  /** Whether day-of-month or day-of-week was '*': a day matches on both only then, otherwise on either. */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The first name stands for this number (1 for months, 0 for days). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

function parseValue(text: string, field: FieldSpec): number {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + field.nameBase!;
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`invalid ${field.name} "${text}"`);
  const value = Number(text);
  if (value < field.min || value > field.max)
    throw new CronSyntaxError(`${field.name} ${value} out of range [${field.min}, ${field.max}]`);
  return value;
}

function parseField(text: string, field: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') throw new CronSyntaxError(`invalid ${field.name} "${part}"`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronSyntaxError(`invalid step in ${field.name} "${part}"`);
    let low: number;
    let high: number;
    if (range === '*' || range === '?') [low, high] = [field.min, field.max];
    else if (range.includes('-')) {
      const [from, to] = range.split('-');
      [low, high] = [parseValue(from, field), parseValue(to, field)];
      if (low > high) throw new CronSyntaxError(`invalid range in ${field.name} "${part}"`);
    } else {
      low = parseValue(range, field);
      high = stepText === undefined ? low : field.max;
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

/** Parses a schedule; throws CronSyntaxError saying what is wrong. */
export function parseCronSchedule(text: string): CronSchedule {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${parts.length}: "${text}"`);
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = parts.map((part, index) => parseField(part, FIELDS[index]));
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthStar: parts[2].startsWith('*') || parts[2] === '?',
    dayOfWeekStar: parts[4].startsWith('*') || parts[4] === '?',
  };
}

/** Wall-clock fields of an instant in a time zone. */
interface WallClock {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a time zone the runtime does not know. */
export function wallClock(instant: Date, timeZone = 'UTC'): WallClock {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    return {
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      weekday: instant.getUTCDay(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
    };
  }
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: DAY_NAMES.indexOf(parts.weekday.toUpperCase()),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

function dayMatches(schedule: CronSchedule, clock: WallClock): boolean {
  const byMonthDay = schedule.daysOfMonth.has(clock.day);
  const byWeekDay = schedule.daysOfWeek.has(clock.weekday);
  if (schedule.dayOfMonthStar || schedule.dayOfWeekStar) return byMonthDay && byWeekDay;
  return byMonthDay || byWeekDay;
}

const MINUTE_MS = 60_000;

/**
 * The latest time the schedule fires in (after, notAfter], or undefined. Walks backwards minute by
 * minute, skipping whole days and hours that cannot match, so a yearly schedule costs a few hundred
 * steps rather than half a million.
 */
export function mostRecentFiring(
  schedule: CronSchedule,
  after: Date,
  notAfter: Date,
  timeZone?: string,
): Date | undefined {
  let candidate = Math.floor(notAfter.getTime() / MINUTE_MS) * MINUTE_MS;
  while (candidate > after.getTime()) {
    const clock = wallClock(new Date(candidate), timeZone);
    if (!schedule.months.has(clock.month) || !dayMatches(schedule, clock)) {
      candidate -= (clock.hour * 60 + clock.minute + 1) * MINUTE_MS;
    } else if (!schedule.hours.has(clock.hour)) {
      candidate -= (clock.minute + 1) * MINUTE_MS;
    } else if (!schedule.minutes.has(clock.minute)) {
      candidate -= MINUTE_MS;
    } else return new Date(candidate);
  }
  return undefined;
}
