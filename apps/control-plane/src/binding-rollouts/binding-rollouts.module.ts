import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { BindingsModule } from '../bindings/bindings.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { BindingChanges } from './binding-changes';
import { BindingChangesController } from './binding-changes.controller';
import { BindingRollouts } from './binding-rollout';

/** Binding writes and the rollouts they start: above both bindings and deployments, which it joins. */
@Module({
  imports: [ApplicationsModule, BindingsModule, DeploymentsModule],
  controllers: [BindingChangesController],
  providers: [BindingChanges, BindingRollouts],
})
export class BindingRolloutsModule {}
