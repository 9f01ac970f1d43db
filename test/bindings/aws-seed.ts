import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  ModifyDBClusterCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Credentials moto accepts; moto_server ignores the signature. */
export const AWS_KEYS = {
  type: 'aws-static-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;
export const ACCOUNT = '123456789012';

const clientKeys = { accessKeyId: AWS_KEYS.accessKeyId, secretAccessKey: AWS_KEYS.secretAccessKey };

/** Creates a PostgreSQL RDS instance in moto and answers its ARN. */
export async function createPostgres(endpoint: string, region: string, name: string): Promise<string> {
  const rds = new RDSClient({ region, endpoint, credentials: { ...clientKeys } });
  const created = await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: name,
      Engine: 'postgres',
      EngineVersion: '16.3',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'master',
      MasterUserPassword: 'moto-does-not-check-it',
      Tags: [{ Key: 'app', Value: 'orders' }],
    }),
  );
  return created.DBInstance?.DBInstanceArn ?? `arn:aws:rds:${region}:${ACCOUNT}:db:${name}`;
}

/** Creates a Secrets Manager secret with a JSON value; answers its ARN. */
export async function createSecret(endpoint: string, region: string, name: string, value: object): Promise<string> {
  const secrets = new SecretsManagerClient({ region, endpoint, credentials: { ...clientKeys } });
  const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
  return created.ARN ?? '';
}

/** A new version of a secret, as a rotation writes it; answers the version id. */
export async function rotateSecret(endpoint: string, region: string, arn: string, value: object): Promise<string> {
  const secrets = new SecretsManagerClient({ region, endpoint, credentials: { ...clientKeys } });
  const put = await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(value) }));
  return put.VersionId ?? '';
}

/** Creates an Aurora PostgreSQL cluster in moto and answers its ARN. */
export async function createAuroraPostgres(endpoint: string, region: string, name: string): Promise<string> {
  const rds = new RDSClient({ region, endpoint, credentials: { ...clientKeys } });
  const created = await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: name,
      Engine: 'aurora-postgresql',
      MasterUsername: 'master',
      MasterUserPassword: 'moto-does-not-check-it',
    }),
  );
  return created.DBCluster?.DBClusterArn ?? `arn:aws:rds:${region}:${ACCOUNT}:cluster:${name}`;
}

/**
 * A blue/green switchover as RDS performs it: the blue cluster is renamed away and the green one takes its
 * name, so the blue's ARN now describes the green cluster, whose endpoint is its own.
 */
export async function switchOver(endpoint: string, region: string, blue: string, green: string): Promise<void> {
  const rds = new RDSClient({ region, endpoint, credentials: { ...clientKeys } });
  const rename = (from: string, to: string) =>
    rds.send(
      new ModifyDBClusterCommand({ DBClusterIdentifier: from, NewDBClusterIdentifier: to, ApplyImmediately: true }),
    );
  await rename(blue, `${blue}-old1`);
  await rename(green, blue);
}
