import { FieldProblem } from './field-problem';

/**
 * One environment of an application's pipeline. A stage without upstreams is a root: releases reach it by
 * deployment, never by promotion. `upstreamPolicy` says whether a release verified in one of the upstreams
 * (`any`) or in all of them (`all`) may be promoted here.
 */
export interface PipelineStage {
  environment: string;
  upstreams: readonly string[];
  upstreamPolicy: 'any' | 'all';
  autoPromote: boolean;
}

/**
 * Problems of a pipeline's shape, each naming its field: no stages, an empty or repeated environment, an
 * upstream that is unknown, repeated or the stage itself, a root that auto-promotes (from nowhere), and every
 * cycle with the stages on it. An empty list means the stages form a DAG with at least one root.
 */
export function validatePipeline(stages: readonly PipelineStage[]): FieldProblem[] {
  if (stages.length === 0) return [{ field: 'stages', message: 'must contain at least one stage' }];
  const problems = [...environmentProblems(stages), ...upstreamProblems(stages)];
  // A cycle is only meaningful once every name resolves to one stage.
  return problems.length > 0 ? problems : cycleProblems(stages);
}

/** The stages that list `environment` as an upstream, in pipeline order: where a release verified there may go. */
export function downstreamOf(stages: readonly PipelineStage[], environment: string): PipelineStage[] {
  return stages.filter((stage) => stage.upstreams.includes(environment));
}

/**
 * Whether a release verified in `verifiedUpstreams` may be promoted into `stage`, by its upstream policy.
 * A root has nothing to promote from, so it is never satisfied.
 */
export function upstreamsSatisfied(stage: PipelineStage, verifiedUpstreams: Iterable<string>): boolean {
  if (stage.upstreams.length === 0) return false;
  const verified = new Set(verifiedUpstreams);
  const isVerified = (upstream: string): boolean => verified.has(upstream);
  return stage.upstreamPolicy === 'all' ? stage.upstreams.every(isVerified) : stage.upstreams.some(isVerified);
}

function environmentProblems(stages: readonly PipelineStage[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstIndex = new Map<string, number>();
  stages.forEach((stage, index) => {
    const field = `stages[${index}].environment`;
    const earlier = firstIndex.get(stage.environment);
    if (stage.environment.trim() === '') problems.push({ field, message: 'must name an environment' });
    else if (earlier !== undefined)
      problems.push({ field, message: `repeats stages[${earlier}]: "${stage.environment}" may appear once` });
    else firstIndex.set(stage.environment, index);
  });
  return problems;
}

function upstreamProblems(stages: readonly PipelineStage[]): FieldProblem[] {
  const known = new Set(stages.map((stage) => stage.environment));
  const problems: FieldProblem[] = [];
  stages.forEach((stage, index) => {
    if (stage.upstreams.length === 0 && stage.autoPromote)
      problems.push({ field: `stages[${index}].autoPromote`, message: 'a root stage has no upstream to promote from' });
    const seen = new Set<string>();
    stage.upstreams.forEach((upstream, position) => {
      const field = `stages[${index}].upstreams[${position}]`;
      if (upstream === stage.environment) problems.push({ field, message: 'a stage cannot be its own upstream' });
      else if (!known.has(upstream)) problems.push({ field, message: `"${upstream}" is not a stage of this pipeline` });
      else if (seen.has(upstream)) problems.push({ field, message: `"${upstream}" is listed twice` });
      seen.add(upstream);
    });
  });
  return problems;
}

/** One problem per cycle, on the first stage of the cycle in pipeline order, naming the stages around it. */
function cycleProblems(stages: readonly PipelineStage[]): FieldProblem[] {
  const indexOf = new Map(stages.map((stage, index) => [stage.environment, index]));
  const visited = new Set<string>();
  const reported = new Set<string>();
  const problems: FieldProblem[] = [];
  const walk = (environment: string, path: string[]): void => {
    const onPath = path.indexOf(environment);
    if (onPath >= 0) {
      report(path.slice(onPath));
      return;
    }
    if (visited.has(environment)) return;
    visited.add(environment);
    const stage = stages[indexOf.get(environment) ?? -1];
    for (const upstream of stage?.upstreams ?? []) walk(upstream, [...path, environment]);
  };
  const report = (cycle: string[]): void => {
    // Rotate the cycle to start at its earliest stage so the same cycle found from elsewhere reads the same.
    const start = cycle.reduce(
      (best, env, i) => ((indexOf.get(env) ?? 0) < (indexOf.get(cycle[best]) ?? 0) ? i : best),
      0,
    );
    const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
    const key = rotated.join('\u0000');
    if (reported.has(key)) return;
    reported.add(key);
    // Walking upstreams lists the cycle against the flow; state it in promotion order.
    const flow = [rotated[0], ...rotated.slice(1).reverse(), rotated[0]];
    problems.push({
      field: `stages[${indexOf.get(rotated[0])}].upstreams`,
      message: `forms a cycle: ${flow.join(' -> ')}`,
    });
  };
  for (const stage of stages) walk(stage.environment, []);
  return problems;
}
