import { FieldError } from '@fleetplane/http';
import { ErrorDetail, RolloutStrategy, placementSpecIssues, strategyIssues } from '@fleetplane/fanout';
import type { PlacementSpec } from '@fleetplane/fanout';
import { StoredFreezeWindow } from '@fleetplane/persistence';
import { FreezeWindowDto } from './dto/environment.dto';
import { freezeWindowIssues } from '../freezes';

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
  input.freezeWindows?.forEach((window, index) => issues.push(...freezeWindowIssues(window, `freezeWindows[${index}]`)));
  return issues;
}

/** A validated freeze as stored: only the fields of its kind. */
export function storedFreezeWindow(window: FreezeWindowDto): StoredFreezeWindow {
  const effect = window.effect ?? 'deny';
  return window.kind === 'recurring'
    ? {
        name: window.name,
        kind: 'recurring',
        cron: window.cron!,
        timeZone: window.timeZone!,
        durationMinutes: window.durationMinutes!,
        effect,
      }
    : { name: window.name, kind: 'once', from: window.from!, until: window.until!, effect };
}

function prefixed(field: string, details: readonly ErrorDetail[]): FieldError[] {
  return details.map((detail) => ({ field: detail.path ? `${field}.${detail.path}` : field, message: detail.message }));
}
