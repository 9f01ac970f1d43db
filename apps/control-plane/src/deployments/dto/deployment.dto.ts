import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import {
  deploymentStates,
  imageRewritesShape,
  overridesShape,
  placementShape,
  schemaOfShape,
  strategyShape,
} from '@fleetplane/fanout';
import type { ImageRegistryRewrite, ObjectOverride, PlacementSpec, RolloutStrategy } from '@fleetplane/fanout';
import { DeploymentEntity, DeploymentTargetEntity } from '@fleetplane/persistence';

const PLACEMENT_EXAMPLE = {
  selector: { matchLabels: { tier: 'web' } },
  clouds: ['aws', 'gcp', 'azure'],
  spread: [{ topologyKey: 'cloud', minPerDomain: 1 }],
};
const STRATEGY_EXAMPLE = {
  type: 'Waves',
  waves: [
    { name: 'canary', maxClusters: 1 },
    { name: 'one-per-cloud', perDomain: { topologyKey: 'cloud', count: 1 } },
  ],
  gateBetweenWaves: { type: 'none' },
  rollbackOnHalt: true,
};

export const DEFAULT_FAIL_FAST_SECONDS = 30;

/** Placement, overrides and strategy are checked by the fan-out stages themselves, each problem with its path. */
export class CreateDeploymentDto {
  @ApiProperty({ example: 'storefront' })
  @Matches(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, { message: 'must be an application name' })
  application: string;

  @ApiProperty({ example: '1.4.2', description: 'The release version to deploy.' })
  @IsString()
  @MaxLength(63)
  release: string;

  @ApiProperty({
    allOf: [schemaOfShape(placementShape)],
    example: PLACEMENT_EXAMPLE,
    description: 'Which clusters: selector, clouds, regions, environments, health, spread, maxClusters, replicas.',
  })
  @IsObject()
  placement: PlacementSpec;

  @ApiPropertyOptional({
    allOf: [schemaOfShape(overridesShape)],
    example: [
      {
        scope: { level: 'cloud', cloud: 'aws' },
        target: { kind: 'Deployment', name: 'web' },
        patch: { type: 'merge', patch: { spec: { replicas: 4 } } },
      },
    ],
  })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  overrides?: ObjectOverride[];

  @ApiPropertyOptional({
    allOf: [schemaOfShape(imageRewritesShape)],
    example: [{ cloud: 'aws', from: 'ghcr.io/acme/*', to: '123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/*' }],
  })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  imageRewrites?: ImageRegistryRewrite[];

  @ApiPropertyOptional({
    allOf: [schemaOfShape(strategyShape)],
    example: STRATEGY_EXAMPLE,
    description: 'Default: all at once, 16 clusters at a time.',
  })
  @IsOptional()
  @IsObject()
  strategy?: RolloutStrategy;

  @ApiPropertyOptional({
    type: 'integer',
    example: 30,
    minimum: 0,
    maximum: 3600,
    description:
      'Fail a cluster fast instead of waiting for the progress deadline (300 s): a pod of the new template ' +
      'in CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError (and the like) this many ' +
      'seconds after it was created, or a cluster whose every readiness read failed for this long. ' +
      `Default ${DEFAULT_FAIL_FAST_SECONDS}; 0 waits for the deadline.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  failFastSeconds?: number;

  @ApiPropertyOptional({
    default: false,
    description:
      "Take over objects already on the clusters that this application does not own: unlabelled ones and its own team's; another team's only with its consent (it granted the namespace) or when a platform admin asks. Without it such objects fail their target, naming the owner.",
  })
  @IsOptional()
  @IsBoolean()
  adopt?: boolean;
}

export class RenderDeploymentDto extends CreateDeploymentDto {
  @ApiProperty({ example: 'sandbox-1', description: 'The cluster whose objects to preview.' })
  @Matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a cluster name' })
  cluster: string;
}

export class RollbackDto {
  @ApiPropertyOptional({
    example: '1.4.1',
    description: 'The release to restore; default the one the targets ran before.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  release?: string;
}

export class DeploymentQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'storefront' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,53}$/, { message: 'must be an application name' })
  application?: string;

  @ApiPropertyOptional({ enum: deploymentStates })
  @IsOptional()
  @IsIn(deploymentStates)
  state?: string;
}

/**
 * When a target reached each step of its latest attempt, and how long the steps took: a cluster that is
 * slow to apply or to become ready stands out. A step not reached yet is null, as is a duration it ends.
 */
export class TargetTimings {
  @ApiProperty({ description: 'When the deployment was created, with its targets queued.' }) queuedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the latest attempt started applying.' })
  applyingAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When its objects were applied; the wait for readiness began.',
  })
  waitingReadyAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the target settled: Ready, Failed, Skipped, RolledBack or RollbackFailed.',
  })
  finishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1200, description: 'Queued until applying.' })
  queueMs: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 800, description: 'Applying until waiting for readiness.' })
  applyMs: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4100, description: 'Waiting for readiness until settled.' })
  waitReadyMs: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 6100, description: 'Queued until settled.' }) totalMs:
    number | null;

  static of(target: DeploymentTargetEntity, queuedAt: Date): TargetTimings {
    const { applyingAt, waitingReadyAt, finishedAt } = target;
    return {
      queuedAt: queuedAt.toISOString(),
      applyingAt: applyingAt?.toISOString() ?? null,
      waitingReadyAt: waitingReadyAt?.toISOString() ?? null,
      finishedAt: finishedAt?.toISOString() ?? null,
      queueMs: between(queuedAt, applyingAt),
      applyMs: between(applyingAt, waitingReadyAt),
      waitReadyMs: between(waitingReadyAt, finishedAt),
      totalMs: between(queuedAt, finishedAt),
    };
  }
}

function between(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

export class TargetView {
  @ApiProperty({ example: 'sandbox-1' }) cluster: string;
  @ApiProperty({ example: 'aws' }) cloud: string;
  @ApiProperty({ example: 0 }) wave: number;
  @ApiProperty({ example: 'Ready' }) state: string;
  @ApiProperty() since: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ example: '' }) lastError: string;
  @ApiProperty({
    example: [
      {
        kind: 'Deployment',
        name: 'web',
        state: 'Ready',
        reason: 'RolloutComplete',
        message: 'deployment "web" successfully rolled out',
      },
    ],
  })
  objects: Array<Record<string, unknown>>;
  @ApiPropertyOptional({ nullable: true, description: 'Drifted fields at the last drift check.' }) drift: Array<
    Record<string, unknown>
  > | null;
  @ApiProperty({ type: TargetTimings }) timings: TargetTimings;

  static of(target: DeploymentTargetEntity, queuedAt: Date): TargetView {
    const readiness = new Map(
      target.readiness.map((entry) => [`${entry.kind}/${entry.namespace ?? ''}/${entry.name}`, entry]),
    );
    return {
      cluster: target.clusterName,
      cloud: String((target.candidate as { cloud?: string }).cloud ?? ''),
      wave: target.wave,
      state: target.state,
      since: target.stateSince.toISOString(),
      attempts: target.attempts,
      lastError: target.lastError,
      objects: target.appliedObjects.map((object) => ({
        kind: object.kind,
        namespace: object.namespace,
        name: object.name,
        generation: object.generation,
        ...(readiness.get(`${object.kind}/${object.namespace ?? ''}/${object.name}`) ?? {}),
      })),
      drift: target.drift,
      timings: TargetTimings.of(target, queuedAt),
    };
  }
}

export class DeploymentView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ example: '1.4.2' }) release: string;
  @ApiProperty({ enum: ['rollout', 'rollback'] }) kind: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'binding-rotation: orders-db@rev 4 (credential-rotated)',
    description: 'What started the deployment when no person asked for it (a binding change); null otherwise.',
  })
  cause: string | null;
  @ApiProperty({ enum: deploymentStates }) state: string;
  @ApiProperty({ example: 'wave canary: 1 of 1 ready' }) reason: string;
  @ApiProperty({ example: { Ready: 2, Applying: 1 } }) summary: Record<string, number>;
  @ApiProperty({ example: [0] }) approvedWaves: number[];
  @ApiProperty({ type: [TargetView] }) targets: TargetView[];
  @ApiProperty() spec: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;

  static of(
    deployment: DeploymentEntity,
    application: string,
    release: string,
    targets: DeploymentTargetEntity[],
  ): DeploymentView {
    const summary: Record<string, number> = {};
    for (const target of targets) summary[target.state] = (summary[target.state] ?? 0) + 1;
    return {
      id: deployment.id,
      application,
      release,
      kind: deployment.kind,
      cause: deployment.cause,
      state: deployment.state,
      reason: deployment.reason,
      summary,
      approvedWaves: deployment.approvedWaves,
      targets: [...targets]
        .sort((a, b) => a.wave - b.wave || a.clusterName.localeCompare(b.clusterName))
        .map((target) => TargetView.of(target, deployment.createdAt)),
      spec: deployment.spec,
      createdAt: deployment.createdAt.toISOString(),
      finishedAt: deployment.finishedAt?.toISOString() ?? null,
    };
  }
}

export class DeploymentPage extends PageOf(DeploymentView) {}
