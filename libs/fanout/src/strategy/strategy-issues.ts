import { ErrorDetail } from '../common/fanout-error';
import { formatFieldPath } from '../common/field-path';
import { shapeIssues } from '../common/json-shape';
import { strategyShape } from '../common/spec-shapes';
import { labelSelectorIssues } from '../common/label-selector';
import { isTopologyKey } from '../placement/topology';
import { FailureThreshold, RolloutStrategy, WaveGate } from './rollout-strategy';

const isPositiveInteger = (value: number): boolean => Number.isInteger(value) && value >= 1;

/** Structural problems of a rollout strategy, independent of the clusters it will run on. */
export function strategyIssues(strategy: RolloutStrategy): ErrorDetail[] {
  const shaped = shapeIssues(strategy, strategyShape);
  if (shaped.length > 0) return shaped;
  const issues: ErrorDetail[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (strategy.type !== 'AllAtOnce' && strategy.type !== 'Waves') {
    add('type', 'must be AllAtOnce or Waves');
    return issues;
  }
  if (strategy.maxConcurrency !== undefined && !isPositiveInteger(strategy.maxConcurrency))
    add('maxConcurrency', 'must be an integer of at least 1');
  if (strategy.type === 'AllAtOnce' && strategy.maxConcurrency === undefined) add('maxConcurrency', 'is required');
  if (strategy.maxUnavailableClusters !== undefined && !isPositiveInteger(strategy.maxUnavailableClusters)) {
    add('maxUnavailableClusters', 'must be an integer of at least 1');
  }
  thresholdIssues(strategy.failureThreshold, 'failureThreshold', add);
  if (strategy.type === 'AllAtOnce') return issues;

  gateIssues(strategy.gateBetweenWaves, 'gateBetweenWaves', add);
  if (strategy.waves.length === 0) add('waves', 'must contain at least one wave');
  const names = new Set<string>();
  strategy.waves.forEach((wave, index) => {
    const at = `waves[${index}]`;
    if (!wave.name) add(`${at}.name`, 'is required');
    else if (names.has(wave.name) || wave.name === 'remainder')
      add(`${at}.name`, `duplicate or reserved wave name "${wave.name}"`);
    names.add(wave.name);
    if (wave.maxClusters !== undefined && !isPositiveInteger(wave.maxClusters))
      add(`${at}.maxClusters`, 'must be an integer of at least 1');
    if (wave.maxConcurrency !== undefined && !isPositiveInteger(wave.maxConcurrency))
      add(`${at}.maxConcurrency`, 'must be an integer of at least 1');
    if (wave.perDomain !== undefined) {
      if (!isTopologyKey(wave.perDomain.topologyKey))
        add(`${at}.perDomain.topologyKey`, 'must be cloud, region, environment or label:<key>');
      if (!isPositiveInteger(wave.perDomain.count)) add(`${at}.perDomain.count`, 'must be an integer of at least 1');
    }
    if (wave.select?.selector !== undefined) {
      for (const issue of labelSelectorIssues(wave.select.selector, ['select', 'selector']))
        add(`${at}.${formatFieldPath(issue.path)}`, issue.message);
    }
    thresholdIssues(wave.failureThreshold, `${at}.failureThreshold`, add);
    gateIssues(wave.after, `${at}.after`, add);
  });
  return issues;
}

function thresholdIssues(
  threshold: FailureThreshold | undefined,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (threshold === undefined) return;
  if ('maxFailures' in threshold) {
    if (!(Number.isInteger(threshold.maxFailures) && threshold.maxFailures >= 0))
      add(`${path}.maxFailures`, 'must be an integer >= 0');
  } else if (!(threshold.maxFailedPercent >= 0 && threshold.maxFailedPercent <= 100)) {
    add(`${path}.maxFailedPercent`, 'must be between 0 and 100');
  }
}

function gateIssues(gate: WaveGate | undefined, path: string, add: (path: string, message: string) => void): void {
  if (gate === undefined) return;
  if (gate.type === 'pause' && !(Number.isFinite(gate.seconds) && gate.seconds >= 0))
    add(`${path}.seconds`, 'must be a number of seconds >= 0');
  else if (!['none', 'pause', 'approval'].includes(gate.type)) add(`${path}.type`, 'must be none, pause or approval');
}
