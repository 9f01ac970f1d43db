import { ApiProperty } from '@nestjs/swagger';
import { CLUSTER_HEALTH_STATES } from '@fleetplane/persistence';
import type { ClusterHealthState } from '@fleetplane/persistence';
import { ClusterHealthView } from '../dto/cluster.view';

export class ProbeView {
  @ApiProperty() at: string;
  @ApiProperty({ enum: CLUSTER_HEALTH_STATES }) state: ClusterHealthState;
  @ApiProperty({ example: 'cloud ACTIVE; API /readyz 200 in 12 ms' }) reason: string;
  @ApiProperty({ example: 48 }) latencyMs: number;
  @ApiProperty({ example: { ok: true, status: 'ACTIVE' } }) cloud: { ok: boolean; status?: string; error?: string };
  @ApiProperty({ example: { ok: true, status: '/readyz 200', latencyMs: 12 } }) api: {
    ok: boolean;
    status?: string;
    latencyMs?: number;
    error?: string;
  };
}

export class TransitionView {
  @ApiProperty() at: string;
  @ApiProperty({ enum: CLUSTER_HEALTH_STATES }) from: ClusterHealthState;
  @ApiProperty({ enum: CLUSTER_HEALTH_STATES }) to: ClusterHealthState;
  @ApiProperty() reason: string;
}

export class ClusterHealthReportView {
  @ApiProperty({ example: 'prod-eks-use1' }) cluster: string;
  @ApiProperty({ type: ClusterHealthView }) current: ClusterHealthView;
  @ApiProperty({ type: [ProbeView], description: 'The most recent probes this replica ran, newest first.' })
  recentProbes: ProbeView[];
  @ApiProperty({ type: [TransitionView], description: 'State changes, newest first.' }) transitions: TransitionView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
