import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequest } from '../../errors';
import { parseArn, resourceOfType } from './aws-arn';
import { translateAwsServiceError } from './aws-service-errors';
import { bucketRegion, secretFields } from './aws-services-mapping';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });

describe('AWS ARNs', () => {
  it('splits an ARN into partition, service, region, account and resource', () => {
    assert.deepEqual(parseArn('arn:aws:rds:eu-west-1:123456789012:cluster:ledger'), {
      partition: 'aws',
      service: 'rds',
      region: 'eu-west-1',
      account: '123456789012',
      resource: 'cluster:ledger',
    });
  });

  it('reads a bucket ARN, which has neither region nor account', () => {
    const arn = parseArn('arn:aws:s3:::acme-invoices');
    assert.equal(arn.region, '');
    assert.equal(arn.account, '');
    assert.equal(arn.resource, 'acme-invoices');
  });

  it('keeps a secret name with slashes and the random suffix whole', () => {
    const arn = parseArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/db-AbCdEf');
    assert.equal(resourceOfType(arn, 'secret'), 'orders/db-AbCdEf');
    assert.equal(resourceOfType(arn, 'db'), undefined);
  });

  it('refuses a text that is no ARN', () => {
    assert.throws(() => parseArn('orders'), InvalidRequest);
    assert.throws(() => parseArn('arn:aws:rds:us-east-1:12345:db:orders'), InvalidRequest);
  });
});

describe('translateAwsServiceError', () => {
  for (const name of [
    'DBInstanceNotFoundFault',
    'DBClusterNotFoundFault',
    'ReplicationGroupNotFoundFault',
    'NoSuchBucket',
  ]) {
    it(`maps ${name} to ResourceNotFound, keeping the cloud's code`, () => {
      const translated = translateAwsServiceError(awsError(name, 404));
      assert.equal(translated.code, 'ResourceNotFound');
      assert.equal(translated.cloudCode, name);
    });
  }

  it('maps the queue service not-found, which answers 400, to ResourceNotFound', () => {
    assert.equal(translateAwsServiceError(awsError('QueueDoesNotExist', 400)).code, 'ResourceNotFound');
  });

  it('keeps the generic translations for everything else', () => {
    assert.equal(translateAwsServiceError(awsError('AccessDeniedException', 403)).code, 'PermissionDenied');
    assert.equal(translateAwsServiceError(awsError('ThrottlingException', 400)).code, 'Throttled');
  });
});

describe('AWS payload mapping', () => {
  it('reads a JSON object secret as fields, non-strings as JSON text', () => {
    assert.deepEqual(secretFields('{"username":"u","port":5432,"tls":true}'), {
      username: 'u',
      port: '5432',
      tls: 'true',
    });
  });

  it('reads any other secret text as one field, value', () => {
    assert.deepEqual(secretFields('plain'), { value: 'plain' });
    assert.deepEqual(secretFields('[1,2]'), { value: '[1,2]' });
    assert.deepEqual(secretFields('"quoted"'), { value: '"quoted"' });
  });

  it('reads GetBucketLocation the way S3 answers it', () => {
    assert.equal(bucketRegion(undefined), 'us-east-1');
    assert.equal(bucketRegion('EU'), 'eu-west-1');
    assert.equal(bucketRegion('ap-southeast-2'), 'ap-southeast-2');
  });
});
