import { KindDefinition } from './kind-definition';
import { checkPodTemplate, checkSelectorMatchesTemplate } from './pod-template';
import { ObjectChecker } from '../object-checker';

function checkReplicatedWorkload(check: ObjectChecker): void {
  check.object(['spec'], true);
  check.integer(['spec', 'replicas'], { min: 0 });
  const labels = checkPodTemplate(check, ['spec', 'template']);
  checkSelectorMatchesTemplate(check, ['spec', 'selector'], ['spec', 'template'], labels);
}

export const deploymentKind: KindDefinition = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    checkReplicatedWorkload(check);
    check.oneOf(['spec', 'strategy', 'type'], ['RollingUpdate', 'Recreate']);
    check.integer(['spec', 'progressDeadlineSeconds'], { min: 1 });
  },
};

export const statefulSetKind: KindDefinition = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    checkReplicatedWorkload(check);
    check.oneOf(['spec', 'podManagementPolicy'], ['OrderedReady', 'Parallel']);
    check.oneOf(['spec', 'updateStrategy', 'type'], ['RollingUpdate', 'OnDelete']);
  },
};

export const daemonSetKind: KindDefinition = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    const labels = checkPodTemplate(check, ['spec', 'template']);
    checkSelectorMatchesTemplate(check, ['spec', 'selector'], ['spec', 'template'], labels);
    check.oneOf(['spec', 'updateStrategy', 'type'], ['RollingUpdate', 'OnDelete']);
  },
};

const jobRestartPolicies = ['OnFailure', 'Never'];

export const jobKind: KindDefinition = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    checkJobSpec(check, ['spec']);
  },
};

function checkJobSpec(check: ObjectChecker, spec: readonly string[]): void {
  checkPodTemplate(check, [...spec, 'template'], jobRestartPolicies);
  if (check.get([...spec, 'template', 'spec', 'restartPolicy']) === undefined) {
    check.fail([...spec, 'template', 'spec', 'restartPolicy'], 'is required: must be OnFailure or Never for a Job');
  }
  check.integer([...spec, 'backoffLimit'], { min: 0 });
  check.integer([...spec, 'completions'], { min: 0 });
  check.integer([...spec, 'parallelism'], { min: 0 });
  check.integer([...spec, 'activeDeadlineSeconds'], { min: 1 });
}

export const cronJobKind: KindDefinition = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  // The controller appends an 11-character suffix to create Jobs whose names must stay within 63.
  maxNameLength: 52,
  validate(check) {
    check.object(['spec'], true);
    const schedule = check.string(['spec', 'schedule'], true);
    if (schedule !== undefined && schedule !== '' && !isCronSchedule(schedule)) {
      check.fail(['spec', 'schedule'], `invalid schedule "${schedule}": must have 5 fields or be a @descriptor`);
    }
    check.oneOf(['spec', 'concurrencyPolicy'], ['Allow', 'Forbid', 'Replace']);
    check.object(['spec', 'jobTemplate'], true);
    checkJobSpec(check, ['spec', 'jobTemplate', 'spec']);
  },
};

function isCronSchedule(schedule: string): boolean {
  const trimmed = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (trimmed.startsWith('@'))
    return /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every \S+)$/.test(trimmed);
  return trimmed.split(/\s+/).length === 5;
}
