import { FieldPath } from '../../common/field-path';
import { LabelSelector, isEmptySelector, matchesLabelSelector } from '../../common/label-selector';
import { ObjectChecker } from '../object-checker';

const containerLists = ['initContainers', 'containers'] as const;

/** Checks a PodTemplateSpec at `path` the way the API server validates a workload's template. */
export function checkPodTemplate(
  check: ObjectChecker,
  path: FieldPath,
  allowedRestartPolicies: readonly string[] = ['Always'],
): Record<string, string> | undefined {
  check.object(path, true);
  const labels = check.labels([...path, 'metadata', 'labels']);
  const spec = [...path, 'spec'];
  if (check.object(spec, true) === undefined) return labels;
  const seenNames = new Set<string>();
  for (const list of containerLists) {
    const containers = check.array([...spec, list], list === 'containers') ?? [];
    containers.forEach((_, index) => checkContainer(check, [...spec, list, index], seenNames));
  }
  const restartPolicy = check.string([...spec, 'restartPolicy']);
  if (restartPolicy !== undefined && !allowedRestartPolicies.includes(restartPolicy)) {
    check.fail(
      [...spec, 'restartPolicy'],
      `unsupported value "${restartPolicy}": must be ${allowedRestartPolicies.join(' or ')}`,
    );
  }
  return labels;
}

function checkContainer(check: ObjectChecker, path: FieldPath, seenNames: Set<string>): void {
  if (check.object(path, true) === undefined) return;
  const name = check.name([...path, 'name'], 'dns1123-label', true);
  if (name !== undefined && name !== '') {
    if (seenNames.has(name)) check.fail([...path, 'name'], `duplicate container name "${name}"`);
    seenNames.add(name);
  }
  check.string([...path, 'image'], true);
  (check.array([...path, 'ports']) ?? []).forEach((_, index) => {
    const port = [...path, 'ports', index];
    check.port([...port, 'containerPort'], true);
    check.oneOf([...port, 'protocol'], ['TCP', 'UDP', 'SCTP']);
    check.portName([...port, 'name']);
  });
  (check.array([...path, 'env']) ?? []).forEach((_, index) => check.string([...path, 'env', index, 'name'], true));
}

/** The selector must be non-empty and select the template's own pods, or the controller would adopt nothing. */
export function checkSelectorMatchesTemplate(
  check: ObjectChecker,
  selectorPath: FieldPath,
  templatePath: FieldPath,
  templateLabels: Record<string, string> | undefined,
): void {
  const selector: LabelSelector | undefined = check.labelSelector(selectorPath, true);
  if (selector === undefined) return;
  if (isEmptySelector(selector)) {
    check.fail(selectorPath, 'empty selector is invalid for this workload');
    return;
  }
  if (!matchesLabelSelector(selector, templateLabels ?? {})) {
    check.fail([...templatePath, 'metadata', 'labels'], '`selector` does not match template `labels`');
  }
}
