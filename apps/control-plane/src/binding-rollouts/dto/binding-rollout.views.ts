import { ApiProperty } from '@nestjs/swagger';
import { BindingView, ServiceInstanceView } from '../../bindings/dto/views';

/** A deployment a binding change started, with where to follow it. */
export class StartedRolloutView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '/v1/deployments/0b6f…', description: 'The deployment; its events are at `<link>/events`.' })
  link: string;
  @ApiProperty({ example: '1.4.2' }) release: string;
  @ApiProperty({ example: ['prod-use1'] }) clusters: string[];
  @ApiProperty({ example: 'Pending' }) state: string;
}

/** A cluster a change affects that no deployment was started for, and why. */
export class UnrolledClusterView {
  @ApiProperty({ example: 'prod-gcp' }) cluster: string;
  @ApiProperty({
    enum: ['unsatisfied', 'refused'],
    description:
      'unsatisfied: a binding of the application no longer resolves there (it keeps what it runs); refused: the deployment could not be planned (see reason).',
  })
  outcome: 'unsatisfied' | 'refused';
  @ApiProperty() reason: string;
}

/** What a binding change rolled out: one deployment per release the affected clusters run. */
export class BindingRolloutView {
  @ApiProperty({ example: 'binding-rotation: orders-db@rev 4 (credential-rotated)', nullable: true, type: String })
  cause: string | null;
  @ApiProperty({ type: [StartedRolloutView] }) deployments: StartedRolloutView[];
  @ApiProperty({ type: [UnrolledClusterView] }) notRolled: UnrolledClusterView[];
}

export class BindingChangeView extends BindingView {
  @ApiProperty({
    type: BindingRolloutView,
    description:
      'The deployments the change started on exactly the clusters whose resolution of the binding changed (none when the write changed nothing).',
  })
  rollout: BindingRolloutView;
}

export class BindingRemovalView {
  @ApiProperty({ type: [BindingView] }) items: BindingView[];
  @ApiProperty({ type: BindingRolloutView }) rollout: BindingRolloutView;
}

/** What an endpoint change rolled out to one application bound to the instance. */
export class ApplicationRolloutView extends BindingRolloutView {
  @ApiProperty({ example: 'shop' }) application: string;
}

export class InstanceRefreshView extends ServiceInstanceView {
  @ApiProperty({
    type: [ApplicationRolloutView],
    description:
      'When the endpoint moved, one entry per application bound to the instance: the deployments started on exactly the clusters that resolve a binding to this instance, and those not rolled. Empty when the endpoint did not move.',
  })
  rollouts: ApplicationRolloutView[];
}
