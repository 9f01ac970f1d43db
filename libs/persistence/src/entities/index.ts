import { ApplicationEntity } from './application.entity';
import { ReleaseEntity } from './release.entity';
import { DeploymentEntity } from './deployment.entity';
import { DeploymentTargetEntity } from './deployment-target.entity';
import { DeploymentEventEntity } from './deployment-event.entity';
import { ApiTokenEntity } from './api-token.entity';
import { AuditEventEntity } from './audit-event.entity';
import { ClusterInventoryEntity } from './cluster-inventory.entity';
import { ClusterHealthTransitionEntity } from './cluster-health-transition.entity';
import { ClusterEntity } from './cluster.entity';
import { EncryptedSecretEntity } from './encrypted-secret.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { LeaseEntity } from './lease.entity';
import { TeamEntity } from './team.entity';
import { NamespaceClaimEntity } from './namespace-claim.entity';
import { ClusterScopedKindsEntity } from './cluster-scoped-kinds.entity';
import { ServiceInstanceEntity } from './service-instance.entity';
import { ServiceBindingEntity } from './service-binding.entity';
import { BindingRevisionEntity } from './binding-revision.entity';
import { SsoGroupMappingEntity } from './sso-group-mapping.entity';
import { SsoLoginEntity } from './sso-login.entity';
import { SsoSessionEntity } from './sso-session.entity';
import { EnvironmentEntity } from './environment.entity';
import { EnvironmentReleaseEntity } from './environment-release.entity';
import { PipelineEntity } from './pipeline.entity';
import { PromotionEntity } from './promotion.entity';
import { PromotionItemEntity } from './promotion-item.entity';
import { PromotionApprovalEntity } from './promotion-approval.entity';
import { PromotionEventEntity } from './promotion-event.entity';
import { NotificationTargetEntity } from './notification-target.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

export * from './application.entity';
export * from './release.entity';
export * from './deployment.entity';
export * from './deployment-target.entity';
export * from './deployment-event.entity';
export * from './api-token.entity';
export * from './audit-event.entity';
export * from './cluster-health-transition.entity';
export * from './cluster-inventory.entity';
export * from './cluster.entity';
export * from './encrypted-secret.entity';
export * from './idempotency-record.entity';
export * from './lease.entity';
export * from './team.entity';
export * from './namespace-claim.entity';
export * from './cluster-scoped-kinds.entity';
export * from './service-instance.entity';
export * from './service-binding.entity';
export * from './binding-revision.entity';
export * from './sso-group-mapping.entity';
export * from './sso-login.entity';
export * from './sso-session.entity';
export * from './promotion-shapes';
export * from './environment.entity';
export * from './environment-release.entity';
export * from './pipeline.entity';
export * from './promotion.entity';
export * from './promotion-item.entity';
export * from './promotion-approval.entity';
export * from './promotion-event.entity';
export * from './notification-target.entity';
export * from './webhook-delivery.entity';

export const ALL_ENTITIES = [
  TeamEntity,
  ApiTokenEntity,
  AuditEventEntity,
  IdempotencyRecordEntity,
  EncryptedSecretEntity,
  ClusterEntity,
  ClusterHealthTransitionEntity,
  LeaseEntity,
  ApplicationEntity,
  ReleaseEntity,
  DeploymentEntity,
  DeploymentTargetEntity,
  DeploymentEventEntity,
  ClusterInventoryEntity,
  NamespaceClaimEntity,
  ClusterScopedKindsEntity,
  ServiceInstanceEntity,
  ServiceBindingEntity,
  BindingRevisionEntity,
  SsoGroupMappingEntity,
  SsoLoginEntity,
  SsoSessionEntity,
  EnvironmentEntity,
  EnvironmentReleaseEntity,
  PipelineEntity,
  PromotionEntity,
  PromotionItemEntity,
  PromotionApprovalEntity,
  PromotionEventEntity,
  NotificationTargetEntity,
  WebhookDeliveryEntity,
];
