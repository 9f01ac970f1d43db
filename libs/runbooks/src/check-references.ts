import { InputType, OutputKind, RunbookDefinition, STEP_OUTPUTS } from './definition';
import { LocatedReference, collectReferences, formatReference } from './references';
import type { RunbookProblem } from './runbook-problems';
import { PlacedGroup, PlacedStep } from './runbook-steps';

type OutputReference = LocatedReference & { reference: { kind: 'output' } };

/** Fields that take a whole reference in place of a typed value, by field name, and the input types that fit. */
const clusterSet = { types: ['cluster', 'clusters'], outputs: ['clusters'], what: 'a cluster set' } as const;
const number = { types: ['number'], outputs: ['number'], what: 'a number' } as const;
const TYPED_FIELDS: Readonly<
  Record<string, { types: readonly InputType[]; outputs: readonly OutputKind[]; what: string }>
> = { clusters: clusterSet, from: clusterSet, replicas: number, percent: number, seconds: number };

const KIND_TEXT: Readonly<Record<OutputKind, string>> = {
  clusters: 'cluster names',
  string: 'text',
  number: 'a number',
};

/**
 * Checks every `${{ … }}` of every step: inputs that are declared (of a type that fits the field), outputs
 * that exist on steps that finish before the referring step starts, and no cycle. Each problem carries the
 * path of the field holding the reference; a cycle is reported once, at its first step.
 */
export function checkReferences(
  runbook: RunbookDefinition,
  steps: readonly PlacedStep[],
  groups: readonly PlacedGroup[],
): RunbookProblem[] {
  const byName = new Map(steps.map((placed) => [placed.step.name, placed]));
  const problems: RunbookProblem[] = [];
  const edges: Array<{ from: PlacedStep; to: PlacedStep; found: OutputReference }> = [];
  for (const placed of steps) {
    const { references, malformed } = referencesOf(placed);
    for (const bad of malformed)
      problems.push({
        path: bad.path,
        message: `${bad.text} is not a reference: write \${{ inputs.name }} or \${{ steps.step.outputs.output }}`,
      });
    for (const found of references) {
      if (!isOutputReference(found)) {
        const problem = inputProblem(runbook, found);
        if (problem !== undefined) problems.push(problem);
        continue;
      }
      const target = byName.get(found.reference.step);
      const problem = targetProblem(found, target, groups);
      if (problem !== undefined) problems.push(problem);
      else if (target !== undefined) edges.push({ from: placed, to: target, found });
    }
  }
  const cycles = findCycles(steps, edges);
  for (const cycle of cycles)
    problems.push({
      path: cycle.path,
      message: `references form a cycle: ${[...cycle.names, cycle.names[0]].join(' -> ')}`,
    });
  for (const edge of edges) {
    // An edge inside a cycle is reported as the cycle, not once more as a forward reference.
    if (cycles.some((cycle) => cycle.members.has(edge.from.step.name) && cycle.members.has(edge.to.step.name)))
      continue;
    const problem = orderProblem(edge.from, edge.to, edge.found);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

function isOutputReference(found: LocatedReference): found is OutputReference {
  return found.reference.kind === 'output';
}

function referencesOf(placed: PlacedStep) {
  const inWith = collectReferences(placed.step.with, `${placed.path}.with`);
  const inCondition = collectReferences(placed.step.condition, `${placed.path}.condition`);
  return {
    references: [...inWith.references, ...inCondition.references],
    malformed: [...inWith.malformed, ...inCondition.malformed],
  };
}

function inputProblem(runbook: RunbookDefinition, found: LocatedReference): RunbookProblem | undefined {
  if (found.reference.kind !== 'input') return undefined;
  const name = found.reference.input;
  const input = runbook.spec.inputs?.[name];
  if (input === undefined)
    return { path: found.path, message: `refers to input "${name}", which spec.inputs does not declare` };
  const field = typedField(found.path);
  if (field === undefined || field.types.includes(input.type)) return undefined;
  return {
    path: found.path,
    message: `refers to input "${name}" of type ${input.type} where ${field.what} is expected (an input of type ${field.types.join(' or ')})`,
  };
}

/** The typed field a reference stands in for, by the field's name; none inside a webhook's free-form body. */
function typedField(path: string) {
  if (/\.with\.body(\.|\[|$)/.test(path)) return undefined;
  return TYPED_FIELDS[path.slice(path.lastIndexOf('.') + 1)];
}

function targetProblem(
  found: OutputReference,
  target: PlacedStep | undefined,
  groups: readonly PlacedGroup[],
): RunbookProblem | undefined {
  const { step: name, output } = found.reference;
  const at = (message: string) => ({ path: found.path, message });
  if (target === undefined)
    return groups.some((group) => group.name === name)
      ? at(`refers to "${name}", a parallel group: a group has no outputs, its steps do`)
      : at(`refers to step "${name}", which does not exist`);
  if (target.compensates !== undefined)
    return at(
      `refers to "${name}", a compensation: compensations run only after a failure, so nothing can use their outputs`,
    );
  const outputs: Readonly<Record<string, OutputKind>> = STEP_OUTPUTS[target.step.type];
  const kind = outputs[output];
  if (kind === undefined)
    return at(
      `step "${name}" (${target.step.type}) has no output "${output}"; its outputs: ${Object.keys(outputs).join(', ')}`,
    );
  const field = typedField(found.path);
  if (field === undefined || field.outputs.includes(kind)) return undefined;
  return at(`${formatReference(found.reference)} holds ${KIND_TEXT[kind]} where ${field.what} is expected`);
}

/** A step may use the outputs of steps that finish before it starts: those of earlier top-level entries. */
function orderProblem(from: PlacedStep, to: PlacedStep, found: OutputReference): RunbookProblem | undefined {
  const text = formatReference(found.reference);
  const at = (message: string) => ({ path: found.path, message });
  // A compensation runs after the step it undoes has run, so it may use that step's outputs too.
  if (to.stage < from.stage || from.compensates === to.step.name) return undefined;
  if (to.stage > from.stage)
    return at(`${text} is a forward reference: step "${to.step.name}" (${to.path}) runs after this one`);
  if (from.compensates !== undefined && from.compensates !== to.step.name)
    return at(
      `${text}: step "${to.step.name}" runs in parallel with the step this compensates, and may not have finished`,
    );
  return at(
    `${text}: step "${to.step.name}" runs in parallel with this one in group "${from.group}", so it has not finished when this one starts`,
  );
}

interface Cycle {
  /** One way round the cycle, from its first step in document order. */
  names: string[];
  /** Every step of the strongly connected set the cycle belongs to. */
  members: Set<string>;
  path: string;
}

/**
 * Cycles among the references of the steps that run forward (compensations never start a step, so they
 * close no cycle). Each strongly connected set of steps is one cycle, reported from its first step in
 * document order along references back to it; a step referring to itself is a cycle of one.
 */
function findCycles(steps: readonly PlacedStep[], edges: ReadonlyArray<{ from: PlacedStep; to: PlacedStep }>): Cycle[] {
  const forward = edges.filter((edge) => edge.from.compensates === undefined);
  const next = new Map<string, string[]>();
  for (const { from, to } of forward) next.set(from.step.name, [...(next.get(from.step.name) ?? []), to.step.name]);
  const reaches = (start: string, goal: string): string[] | undefined => {
    const seen = new Set<string>();
    const queue: string[][] = [[start]];
    while (queue.length > 0) {
      const route = queue.shift() ?? [];
      for (const name of next.get(route[route.length - 1]) ?? []) {
        if (name === goal) return route;
        if (!seen.has(name)) queue.push([...route, name]);
        seen.add(name);
      }
    }
    return undefined;
  };
  const cycles: Cycle[] = [];
  const covered = new Set<string>();
  for (const placed of steps) {
    const name = placed.step.name;
    if (covered.has(name)) continue;
    const route = reaches(name, name);
    if (route === undefined) continue;
    const members = new Set([name]);
    for (const other of steps)
      if (reaches(name, other.step.name) !== undefined && reaches(other.step.name, name) !== undefined)
        members.add(other.step.name);
    members.forEach((member) => covered.add(member));
    cycles.push({ names: route, members, path: placed.path });
  }
  return cycles;
}
