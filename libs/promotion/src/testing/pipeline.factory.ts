import type { PipelineStage } from '../pipeline-graph';

/** A stage promoted from `upstreams` (a root when none), by hand unless a test says otherwise. */
export function aStage(
  environment: string,
  upstreams: string[] = [],
  overrides: Partial<PipelineStage> = {},
): PipelineStage {
  return { environment, upstreams, upstreamPolicy: 'any', autoPromote: false, ...overrides };
}
