import { ApiTokenEntity } from './api-token.entity';
import { AuditEventEntity } from './audit-event.entity';
import { EncryptedSecretEntity } from './encrypted-secret.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { TeamEntity } from './team.entity';

export * from './api-token.entity';
export * from './audit-event.entity';
export * from './encrypted-secret.entity';
export * from './idempotency-record.entity';
export * from './team.entity';

export const ALL_ENTITIES = [
  TeamEntity,
  ApiTokenEntity,
  AuditEventEntity,
  IdempotencyRecordEntity,
  EncryptedSecretEntity,
];
