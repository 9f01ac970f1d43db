import { FieldError } from '@fleetplane/http';
import { validatePipeline, validateVerificationCheck } from '@fleetplane/promotion';
import { StoredPipelineStage, StoredStageGates, StoredVerificationCheck } from '@fleetplane/persistence';
import { PipelineStageDto, StageGatesDto, VerificationCheckDto } from './dto/pipeline.dto';

const DEFAULT_APPROVAL_TTL_SECONDS = 86_400;

/** The stages as stored, every default filled in. */
export function storedStages(stages: PipelineStageDto[]): StoredPipelineStage[] {
  return stages.map((stage) => ({
    environment: stage.environment,
    upstreams: stage.upstreams ?? [],
    upstreamPolicy: stage.upstreamPolicy ?? 'any',
    autoPromote: stage.autoPromote ?? false,
    gates: storedGates(stage.gates ?? {}),
  }));
}

/**
 * What is wrong with a pipeline as a whole, each by its field: its graph (a cycle, a repeated stage, an
 * unknown upstream), an environment the team does not have, a verification check that cannot run.
 */
export function pipelineIssues(stages: StoredPipelineStage[], knownEnvironments: ReadonlySet<string>): FieldError[] {
  const unknown = stages.flatMap((stage, index): FieldError[] =>
    knownEnvironments.has(stage.environment)
      ? []
      : [
          {
            field: `stages[${index}].environment`,
            message: `environment ${stage.environment} does not exist in this team`,
          },
        ],
  );
  const checks = stages.flatMap((stage, index) =>
    (stage.gates.verification ?? []).flatMap((check, position) =>
      validateVerificationCheck(check, `stages[${index}].gates.verification[${position}]`),
    ),
  );
  return [...validatePipeline(stages), ...unknown, ...checks];
}

function storedGates(gates: StageGatesDto): StoredStageGates {
  return {
    ...(gates.soakSeconds ? { soakSeconds: gates.soakSeconds } : {}),
    ...(gates.approvals
      ? {
          approvals: {
            required: gates.approvals.required,
            minimumRole: gates.approvals.minimumRole ?? 'operator',
            ttlSeconds: gates.approvals.ttlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS,
          },
        }
      : {}),
    ...(gates.verification?.length ? { verification: gates.verification.map(storedCheck) } : {}),
    rollbackOnFailure: gates.rollbackOnFailure ?? false,
  };
}

function storedCheck(check: VerificationCheckDto): StoredVerificationCheck {
  const retries = {
    retries: check.retries ?? 2,
    intervalSeconds: check.intervalSeconds ?? 2,
    timeoutSeconds: check.timeoutSeconds ?? 10,
  };
  return check.kind === 'http'
    ? {
        kind: 'http',
        name: check.name,
        url: check.url!,
        expectStatus: check.expectStatus ?? 200,
        ...(check.bodyMatches === undefined ? {} : { bodyMatches: check.bodyMatches }),
        ...retries,
      }
    : {
        kind: 'metrics',
        name: check.name,
        prometheusUrl: check.prometheusUrl!,
        query: check.query!,
        comparator: check.comparator!,
        threshold: check.threshold!,
        ...retries,
      };
}
