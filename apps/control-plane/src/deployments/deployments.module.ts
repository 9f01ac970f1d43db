import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { BindingsModule } from '../bindings/bindings.module';
import { ClustersModule } from '../clusters/clusters.module';
import { DeploymentChanges } from './deployment-changes';
import { DeploymentCommands } from './deployment-commands';
import { DeploymentEvents } from './deployment-events';
import { DeploymentPlanner } from './deployment-planner';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { ManualRollbacks } from './manual-rollbacks';
import { DriftBaselines } from './drift/drift-baselines';
import { DriftChecker } from './drift/drift-checker';
import { DriftController } from './drift/drift.controller';
import { ClusterClients } from './engine/cluster-clients';
import { DeploymentRunner } from './engine/deployment-runner';
import { DeploymentStore } from './engine/deployment-store';
import { RolloutDriver } from './engine/rollout-driver';
import { RolloutKicker } from './engine/rollout-kicker';
import { TargetApplier } from './engine/target-applier';
import { TargetWrites } from './engine/target-writes';

@Module({
  imports: [ApplicationsModule, ClustersModule, BindingsModule],
  controllers: [DeploymentsController, DriftController],
  providers: [
    DeploymentsService,
    DeploymentPlanner,
    DeploymentCommands,
    DeploymentEvents,
    DeploymentChanges,
    ClusterClients,
    DeploymentStore,
    DeploymentRunner,
    RolloutDriver,
    RolloutKicker,
    TargetApplier,
    TargetWrites,
    DriftChecker,
    DriftBaselines,
    ManualRollbacks,
  ],
  exports: [DeploymentsService, DeploymentCommands, DriftBaselines, ManualRollbacks, RolloutDriver, ClusterClients],
})
export class DeploymentsModule {}
