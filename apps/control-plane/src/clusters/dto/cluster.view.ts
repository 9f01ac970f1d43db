import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '@fleetplane/http';
import { CLUSTER_HEALTH_STATES, ClusterEntity } from '@fleetplane/persistence';
import type { ClusterHealthState } from '@fleetplane/persistence';
import type { ClusterRef } from '@fleetplane/providers';

export class NodePoolView {
  @ApiProperty({ example: 'general' }) name: string;
  @ApiProperty({ example: ['m6i.large'] }) instanceTypes: string[];
  @ApiProperty({ example: { desired: 3, min: 2, max: 6 } }) size: { desired: number; min?: number; max?: number };
  @ApiProperty({ example: ['us-east-1a'] }) zones: string[];
  @ApiProperty({ example: 'running' }) status: string;
  @ApiProperty({ example: 'ACTIVE' }) cloudStatus: string;
}

export class CloudDescriptionView {
  @ApiProperty({ example: 'https://ABCD.gr7.us-east-1.eks.amazonaws.com' }) endpoint: string;
  @ApiProperty({ example: '1.31' }) kubernetesVersion: string;
  @ApiProperty({ example: 'running', description: 'The same words for every cloud.' }) status: string;
  @ApiProperty({ example: 'ACTIVE', description: "The cloud's own status." }) cloudStatus: string;
  @ApiProperty({ example: ['us-east-1a', 'us-east-1b'] }) zones: string[];
  @ApiProperty({ type: [NodePoolView] }) nodePools: NodePoolView[];
  @ApiProperty({ example: { owner: 'sre' } }) tags: Record<string, string>;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) describedAt: string;
}

export class CapacityView {
  @ApiProperty({ example: 15_840 }) cpuMillicores: number;
  @ApiProperty({ example: 64_424_509_440 }) memoryBytes: number;
  @ApiProperty({ example: 4 }) nodes: number;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) observedAt: string;
}

export class ClusterHealthView {
  @ApiProperty({ enum: CLUSTER_HEALTH_STATES, example: 'Healthy' }) state: ClusterHealthState;
  @ApiProperty({ example: 'cloud ACTIVE; API /version 200 in 42 ms' }) reason: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T10:00:00.000Z' }) changedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastProbeAt: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 42 }) latencyMs: number | null;
}

export class ClusterView {
  @ApiProperty({ example: '0b4c5a52-1e0a-4c1f-a6a9-0f3e8e7f9b11' }) id: string;
  @ApiProperty({ example: 'prod-eks-use1' }) name: string;
  @ApiProperty({ example: 'payments' }) team: string;
  @ApiProperty({ example: 'eks' }) provider: string;
  @ApiProperty({ example: 'aws' }) cloud: string;
  @ApiProperty({ example: 'us-east-1' }) region: string;
  @ApiProperty({ example: 'prod' }) environment: string;
  @ApiProperty({ example: { tier: 'critical' } }) labels: Record<string, string>;
  @ApiProperty({ example: {} }) annotations: Record<string, string>;
  @ApiProperty({ example: { provider: 'eks', region: 'us-east-1', name: 'prod-use1' } }) ref: ClusterRef;
  @ApiProperty({ example: false }) cordoned: boolean;
  @ApiProperty({ type: ClusterHealthView }) health: ClusterHealthView;
  @ApiPropertyOptional({ type: CloudDescriptionView, nullable: true }) cloudDescription: CloudDescriptionView | null;
  @ApiPropertyOptional({
    type: CapacityView,
    nullable: true,
    description: 'What the schedulable nodes can allocate, read by the health prober every ten minutes.',
  })
  capacity: CapacityView | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ example: 1, description: 'Also sent as the ETag header.' }) version: number;

  static of(cluster: ClusterEntity): ClusterView {
    return {
      id: cluster.id,
      name: cluster.name,
      team: cluster.team,
      provider: cluster.provider,
      cloud: cluster.cloud,
      region: cluster.region,
      environment: cluster.environment,
      labels: cluster.labels,
      annotations: cluster.annotations,
      ref: cluster.ref,
      cordoned: cluster.cordoned,
      health: {
        state: cluster.health,
        reason: cluster.healthReason,
        changedAt: cluster.healthChangedAt?.toISOString() ?? null,
        lastProbeAt: cluster.lastProbeAt?.toISOString() ?? null,
        latencyMs: cluster.lastProbeLatencyMs,
      },
      cloudDescription: cluster.cloudDescription as CloudDescriptionView | null,
      capacity: cluster.capacity,
      createdAt: cluster.createdAt.toISOString(),
      updatedAt: cluster.updatedAt.toISOString(),
      version: cluster.version,
    };
  }
}

export class ClusterPage extends PageOf(ClusterView) {}
