import { ClusterNotFound, ProviderError, ResourceNotFound } from '../../errors';
import { translateAwsError } from '../../eks/aws-errors';

/** The "no such resource" error names of the managed-service APIs, beside the generic ones `translateAwsError` knows. */
const SERVICE_NOT_FOUND = new Set([
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
  'DBClusterNotFound',
  'DBClusterNotFoundFault',
  'ReplicationGroupNotFoundFault',
  'NoSuchBucket',
  'NotFound',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
]);

/**
 * Translates an AWS SDK v3 error of RDS, ElastiCache, S3, SQS or Secrets Manager: what `translateAwsError`
 * calls a missing cluster is a missing managed service here (`ResourceNotFound`).
 */
export function translateAwsServiceError(error: unknown): ProviderError {
  const translated = translateAwsError(error, 'aws');
  if (translated instanceof ClusterNotFound || SERVICE_NOT_FOUND.has(translated.cloudCode ?? '')) {
    return new ResourceNotFound(
      `AWS has no such resource: ${translated.cloudCode}${translated.cloudMessage ? ` (${translated.cloudMessage})` : ''}`,
      { provider: 'aws', cloudCode: translated.cloudCode, cloudMessage: translated.cloudMessage, cause: error },
    );
  }
  return translated;
}
