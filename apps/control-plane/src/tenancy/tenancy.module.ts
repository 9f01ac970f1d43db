import { Global, Module } from '@nestjs/common';
import { ClusterScopedKindsController } from './cluster-scoped-kinds.controller';
import { ClusterScopedKindsService } from './cluster-scoped-kinds.service';
import { NamespaceClaimsController } from './namespace-claims.controller';
import { NamespaceClaimsService } from './namespace-claims.service';
import { OwnershipGate } from './ownership-gate';
import { TenancyChecks } from './tenancy-checks';

/** Global: applications and deployments (planner and engine) call it at one point each, without importing it. */
@Global()
@Module({
  controllers: [NamespaceClaimsController, ClusterScopedKindsController],
  providers: [NamespaceClaimsService, ClusterScopedKindsService, TenancyChecks, OwnershipGate],
  exports: [NamespaceClaimsService, TenancyChecks, OwnershipGate],
})
export class TenancyModule {}
