import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { BindingsModule } from '../bindings/bindings.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { BindingChanges } from './binding-changes';
import { BindingChangesController } from './binding-changes.controller';
import { BindingRollouts } from './binding-rollout';
import { InstanceRefreshes } from './instance-refreshes';
import { InstanceRefreshesController } from './instance-refreshes.controller';

/**
 * Changes that roll themselves out (binding writes, an instance's endpoint moving) and their rollouts:
 * above both bindings and deployments, which it joins.
 */
@Module({
  imports: [ApplicationsModule, BindingsModule, DeploymentsModule],
  controllers: [BindingChangesController, InstanceRefreshesController],
  providers: [BindingChanges, BindingRollouts, InstanceRefreshes],
})
export class BindingRolloutsModule {}
