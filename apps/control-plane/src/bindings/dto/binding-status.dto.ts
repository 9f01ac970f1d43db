import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DNS_LABEL } from '../../teams/dto/team.dto';

export class BindingStatusQuery {
  @ApiPropertyOptional({ example: 'orders-db', description: 'Only this binding name.' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a binding name' })
  binding?: string;

  @ApiPropertyOptional({
    example: 'prod-use1',
    description: 'Only this cluster (shown even where the application is not deployed).',
  })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  cluster?: string;
}

export const READY_REASONS = [
  'Applied',
  'RolloutInProgress',
  'NotApplied',
  'Unsatisfied',
  'CredentialExpired',
  'NotDeployed',
] as const;
export type ReadyReason = (typeof READY_REASONS)[number];

/** A Kubernetes-style condition: only `Ready` is reported. */
export class BindingConditionView {
  @ApiProperty({ enum: ['Ready'] }) type: 'Ready';
  @ApiProperty({ enum: ['True', 'False', 'Unknown'] }) status: 'True' | 'False' | 'Unknown';
  @ApiProperty({
    enum: READY_REASONS,
    description:
      'Applied: the cluster runs the revision resolution gives now. RolloutInProgress: a deployment is applying it. NotApplied: the cluster runs another revision (or none) of the binding. Unsatisfied: no instance satisfies the binding there (no scope matches, or locality refuses). CredentialExpired: the stored credential is past its expiresAt. NotDeployed: the application does not run there.',
  })
  reason: ReadyReason;
  @ApiProperty({ example: 'cluster runs revision 4 (credential version 2)' }) message: string;
  @ApiProperty({ description: 'When the state this condition describes began.' }) lastTransitionTime: string;
}

/** One revision of a binding, as resolution gives it or as a cluster was given it. */
export class BindingRevisionRefView {
  @ApiProperty() bindingId: string;
  @ApiProperty({ example: 4 }) revision: number;
  @ApiProperty({ example: '2', description: 'Stored: its version; a cloud secret: the version read; none: empty.' })
  credentialVersion: string;
}

export class DesiredBindingView extends BindingRevisionRefView {
  @ApiProperty({ example: 'orders-use1' }) instance: string;
}

export class BindingStatusView {
  @ApiProperty({ example: 'orders-db' }) binding: string;
  @ApiProperty({ example: 'prod-use1' }) cluster: string;
  @ApiProperty({ type: DesiredBindingView, nullable: true, description: 'What resolution gives the cluster now.' })
  desired: DesiredBindingView | null;
  @ApiProperty({
    type: BindingRevisionRefView,
    nullable: true,
    description: "What the cluster's last successful rollout applied.",
  })
  applied: BindingRevisionRefView | null;
  @ApiPropertyOptional({ description: 'The deployment that applied it, or is applying it.' }) deployment?: string;
  @ApiProperty({ type: [BindingConditionView] }) conditions: BindingConditionView[];
}

export class BindingStatusListView {
  @ApiProperty() application: string;
  @ApiProperty({ type: [BindingStatusView] }) items: BindingStatusView[];
}
