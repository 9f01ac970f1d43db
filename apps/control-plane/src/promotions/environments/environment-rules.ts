import { FieldError } from '@fleetplane/http';
import { ErrorDetail, RolloutStrategy, placementSpecIssues, strategyIssues } from '@fleetplane/fanout';
import type { PlacementSpec } from '@fleetplane/fanout';
import { StoredFreezeWindow } from '@fleetplane/persistence';
import { FreezeWindowDto } from './dto/environment.dto';
import { validateFreezeWindows } from '@fleetplane/promotion';

export const DEFAULT_ENVIRONMENT_STRATEGY: RolloutStrategy = { type: 'AllAtOnce', maxConcurrency: 16 };

/**
 * Everything wrong with an environment's placement, strategy and freezes, each by its field: the same
 * structural checks a deployment's placement and strategy get, before any cluster is looked at.
 */
export function environmentIssues(input: {
  placement?: PlacementSpec;
  strategy?: RolloutStrategy;
  freezeWindows?: FreezeWindowDto[];
}): FieldError[] {
  const issues: FieldError[] = [];
  if (input.placement) {
    issues.push(...prefixed('placement', placementSpecIssues(input.placement)));
    if (input.placement.environments !== undefined)
      issues.push({ field: 'placement.environments', message: 'is set by bindingsEnvironment; leave it out' });
  }
  if (input.strategy) issues.push(...prefixed('strategy', strategyIssues(input.strategy)));
  if (input.freezeWindows) {
    const kindIssues = input.freezeWindows.flatMap(fieldsOfOtherKind);
    issues.push(
      ...(kindIssues.length > 0 ? kindIssues : validateFreezeWindows(input.freezeWindows.map(storedFreezeWindow))),
    );
  }
  return issues;
}

/** The fields a freeze of each kind requires, and refuses from the other kind. */
const FIELDS_OF_KIND = {
  recurring: ['cron', 'timeZone', 'durationMinutes'],
  'one-off': ['from', 'until'],
} as const;

/** A freeze missing a field of its kind, or carrying one of the other kind, each by its field. */
function fieldsOfOtherKind(window: FreezeWindowDto, index: number): FieldError[] {
  const at = `freezeWindows[${index}]`;
  return Object.entries(FIELDS_OF_KIND).flatMap(([kind, fields]) =>
    fields.flatMap((field): FieldError[] => {
      const present = window[field] !== undefined;
      if (kind === window.kind && !present)
        return [{ field: `${at}.${field}`, message: `is required for kind ${kind}` }];
      if (kind !== window.kind && present)
        return [{ field: `${at}.${field}`, message: `is not a field of kind ${window.kind}` }];
      return [];
    }),
  );
}

/** A freeze as stored (only the fields of its kind), once fieldsOfOtherKind found none wrong. */
export function storedFreezeWindow(window: FreezeWindowDto): StoredFreezeWindow {
  const effect = window.effect ?? 'deny';
  return window.kind === 'recurring'
    ? {
        kind: 'recurring',
        cron: window.cron!,
        timeZone: window.timeZone!,
        durationMinutes: window.durationMinutes!,
        effect,
        ...(window.name ? { name: window.name } : {}),
      }
    : {
        kind: 'one-off',
        from: window.from!,
        until: window.until!,
        effect,
        ...(window.name ? { reason: window.name } : {}),
      };
}

function prefixed(field: string, details: readonly ErrorDetail[]): FieldError[] {
  return details.map((detail) => ({ field: detail.path ? `${field}.${detail.path}` : field, message: detail.message }));
}
