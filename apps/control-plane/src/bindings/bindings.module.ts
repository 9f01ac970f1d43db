import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ClustersModule } from '../clusters/clusters.module';
import { BindingCredentials } from './binding-credentials';
import { BindingRender } from './binding-render';
import { BindingResolution } from './binding-resolution';
import { BindingRevisions } from './binding-revisions';
import { BindingsController } from './bindings.controller';
import { BindingsService } from './bindings.service';
import { BindingStatus } from './binding-status';
import { BindingStatusController } from './binding-status.controller';
import { CredentialRetirement } from './credential-retirement';
import { ServiceInstancesController } from './service-instances.controller';
import { ServiceInstancesService } from './service-instances.service';

/** Managed-service instances and application bindings to them; the managed-services adapters come with ClustersModule's ProvidersModule. */
@Module({
  imports: [ClustersModule, ApplicationsModule],
  controllers: [ServiceInstancesController, BindingsController, BindingStatusController],
  providers: [
    ServiceInstancesService,
    BindingsService,
    BindingCredentials,
    BindingResolution,
    BindingRevisions,
    BindingRender,
    BindingStatus,
    CredentialRetirement,
  ],
  exports: [BindingResolution, BindingRender, BindingsService, CredentialRetirement, ServiceInstancesService],
})
export class BindingsModule {}
