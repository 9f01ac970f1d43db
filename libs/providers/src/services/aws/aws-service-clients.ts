import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsCredential } from '../../credentials';
import { awsCredentialProvider } from '../../eks/aws-credentials';
import type { AwsServicesOptions } from './aws-services.options';

/** The SDK clients of one region, sharing one credential provider (and so one assumed-role session). */
export interface AwsServiceClients {
  rds: RDSClient;
  elasticache: ElastiCacheClient;
  s3: S3Client;
  sqs: SQSClient;
  secrets: SecretsManagerClient;
}

export function createAwsServiceClients(
  region: string,
  credential: AwsCredential,
  settings: AwsServicesOptions,
  now: () => Date,
): AwsServiceClients {
  const credentials = awsCredentialProvider(credential, { region, stsEndpoint: settings.stsEndpoint, now });
  // One attempt per SDK call: retries belong to the injected policy, so they are counted once.
  const common = { region, endpoint: settings.endpoint, credentials, maxAttempts: 1 };
  return {
    rds: new RDSClient(common),
    elasticache: new ElastiCacheClient(common),
    // An endpoint override (an emulator) cannot serve virtual-hosted bucket names.
    s3: new S3Client({ ...common, forcePathStyle: settings.endpoint !== undefined }),
    sqs: new SQSClient(common),
    secrets: new SecretsManagerClient(common),
  };
}
