import { InvalidRequest } from '../../errors';

/** An Amazon Resource Name split into its parts: `arn:partition:service:region:account:resource`. */
export interface AwsArn {
  partition: string;
  service: string;
  /** Empty for global resources (S3 buckets). */
  region: string;
  /** Empty for S3 buckets. */
  account: string;
  /** The resource part, e.g. `db:orders`, `cluster:orders`, `replicationgroup:sessions`, `secret:db-AbCdEf`, `orders-queue`. */
  resource: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

/** Parses an ARN; anything else is `InvalidRequest` naming what was wrong (the caller names the field). */
export function parseArn(text: string): AwsArn {
  const match = ARN.exec(text);
  if (!match) {
    throw new InvalidRequest(`"${text}" is not an ARN (arn:aws:<service>:<region>:<account>:<resource>)`, {
      provider: 'aws',
    });
  }
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account: account ?? '', resource };
}

/** Splits `type:name` (or `type/name`) resources such as `db:orders`; `undefined` when the ARN has no type prefix. */
export function resourceOfType(arn: AwsArn, type: string): string | undefined {
  for (const separator of [':', '/']) {
    const prefix = `${type}${separator}`;
    if (arn.resource.startsWith(prefix) && arn.resource.length > prefix.length)
      return arn.resource.slice(prefix.length);
  }
  return undefined;
}

export function formatArn(parts: AwsArn): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${parts.resource}`;
}
