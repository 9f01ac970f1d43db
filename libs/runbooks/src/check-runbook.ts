import { LabelSelectorSyntaxError, parseLabelSelector } from '@fleetplane/fanout';
import { InputType, InputValue, RunbookDefinition, Step, isParallelGroup, onFailureOf } from './definition';
import { checkReferences } from './check-references';
import { comparePaths, joinPath } from './field-path';
import { parseRunbook } from './parse-runbook';
import type { RunbookProblem, RunbookResult } from './runbook-problems';
import { PlacedGroup, PlacedStep, clusterSetsOf, listGroups, listSteps } from './runbook-steps';

/**
 * The checks the schema cannot express, on a definition that passed it: names unique across steps, groups
 * and compensations; `compensate` present exactly when onFailure is compensate; input defaults of their
 * input's type; and every reference (see `checkReferences`). Returns every problem found, none when valid.
 */
export function checkRunbook(runbook: RunbookDefinition): RunbookProblem[] {
  const steps = listSteps(runbook);
  const groups = listGroups(runbook);
  const problems = [
    ...duplicateNames(steps, groups),
    ...compensationPolicies(runbook),
    ...inputDefaults(runbook),
    ...labelSelectors(steps),
    ...checkReferences(runbook, steps, groups),
  ];
  return problems.sort((a, b) => comparePaths(a.path, b.path));
}

/** `parseRunbook`, then `checkRunbook`: what the API runs on a definition before storing it. */
export function validateRunbook(input: unknown): RunbookResult<RunbookDefinition> {
  const parsed = parseRunbook(input);
  if (!parsed.ok) return parsed;
  const problems = checkRunbook(parsed.value);
  return problems.length === 0 ? parsed : { ok: false, problems };
}

function duplicateNames(steps: readonly PlacedStep[], groups: readonly PlacedGroup[]): RunbookProblem[] {
  const named = [
    ...groups.map((group) => ({ name: group.name, path: group.path })),
    ...steps.map((placed) => ({ name: placed.step.name, path: placed.path })),
  ];
  // Document order: a group's path is a prefix of its steps' paths.
  named.sort((a, b) => comparePaths(a.path, b.path));
  const first = new Map<string, string>();
  const problems: RunbookProblem[] = [];
  for (const { name, path } of named) {
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, path);
    else problems.push({ path: `${path}.name`, message: `"${name}" is already the name of ${earlier}` });
  }
  return problems;
}

function compensationPolicies(runbook: RunbookDefinition): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const check = (step: Step, path: string) => {
    const compensates = onFailureOf(step) === 'compensate';
    if (compensates && step.compensate === undefined)
      problems.push({ path: `${path}.compensate`, message: 'is required when onFailure is compensate' });
    if (!compensates && step.compensate !== undefined)
      problems.push({ path: `${path}.compensate`, message: 'is only allowed when onFailure is compensate' });
  };
  runbook.spec.steps.forEach((entry, stage) => {
    if (!isParallelGroup(entry)) return check(entry, `spec.steps[${stage}]`);
    entry.parallel.forEach((step, index) => check(step, `spec.steps[${stage}].parallel[${index}]`));
  });
  return problems;
}

/** Selectors are written in kubectl's syntax, which placement reads; a typo must not select nothing at 3 a.m. */
function labelSelectors(steps: readonly PlacedStep[]): RunbookProblem[] {
  return steps.flatMap((placed) =>
    clusterSetsOf(placed.step).flatMap(({ set, field }) => {
      if (typeof set === 'string' || !('selector' in set)) return [];
      try {
        parseLabelSelector(set.selector);
        return [];
      } catch (error) {
        if (!(error instanceof LabelSelectorSyntaxError)) throw error;
        return [
          { path: `${placed.path}.with.${field}.selector`, message: `is not a label selector: ${error.message}` },
        ];
      }
    }),
  );
}

function inputDefaults(runbook: RunbookDefinition): RunbookProblem[] {
  return Object.entries(runbook.spec.inputs ?? {}).flatMap(([name, input]) =>
    input.default === undefined || fitsType(input.default, input.type)
      ? []
      : [{ path: joinPath(joinPath('spec.inputs', name), 'default'), message: `must be ${TYPE_VALUES[input.type]}` }],
  );
}

const TYPE_VALUES: Readonly<Record<InputType, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  cluster: 'a cluster name',
  clusters: 'a list of cluster names',
  application: 'an application name',
};

function fitsType(value: InputValue, type: InputType): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'clusters':
      return Array.isArray(value);
    case 'string':
    case 'cluster':
    case 'application':
      return typeof value === 'string';
  }
}
