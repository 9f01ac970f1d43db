import { FieldError } from '@fleetplane/http';
import { Cron } from 'croner';
import { FreezeWindowDto } from './environments/dto/environment.dto';

/** The fields a freeze of each kind requires, and refuses from the other kind. */
const FIELDS_OF_KIND = {
  recurring: ['cron', 'timeZone', 'durationMinutes'],
  once: ['from', 'until'],
} as const;

/** What is wrong with one freeze window: a field of the wrong kind, a missing one, a bad cron or time zone. */
export function freezeWindowIssues(window: FreezeWindowDto, at: string): FieldError[] {
  const issues: FieldError[] = [];
  for (const [kind, fields] of Object.entries(FIELDS_OF_KIND)) {
    for (const field of fields) {
      const present = window[field] !== undefined;
      if (kind === window.kind && !present) issues.push({ field: `${at}.${field}`, message: `is required for kind ${kind}` });
      if (kind !== window.kind && present)
        issues.push({ field: `${at}.${field}`, message: `is not a field of kind ${window.kind}` });
    }
  }
  if (issues.length > 0) return issues;
  if (window.kind === 'once' && Date.parse(window.until!) <= Date.parse(window.from!))
    issues.push({ field: `${at}.until`, message: 'must be after from' });
  if (window.kind === 'recurring') {
    if (!validTimeZone(window.timeZone!)) issues.push({ field: `${at}.timeZone`, message: 'is not an IANA time zone' });
    else if (!validCron(window.cron!, window.timeZone!))
      issues.push({ field: `${at}.cron`, message: 'is not a valid cron expression' });
  }
  return issues;
}

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function validCron(pattern: string, timezone: string): boolean {
  try {
    new Cron(pattern, { timezone, paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}
