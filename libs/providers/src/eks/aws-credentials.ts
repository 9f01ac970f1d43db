import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsCredential } from '../credentials';
import { CredentialInvalid, ProviderError } from '../errors';
import { translateAwsError } from './aws-errors';

/** Assumed-role sessions are renewed this long before STS says they end. */
const SESSION_RENEWAL_MARGIN_MS = 5 * 60_000;
const ASSUMED_ROLE_SESSION_SECONDS = 3600;

export interface AwsCredentialSettings {
  /** Region of the STS client that assumes roles (regional STS endpoints are the recommended ones). */
  region: string;
  stsEndpoint?: string;
  now: () => Date;
}

/**
 * Turns a stored AWS credential into an SDK credential provider. Failures to obtain credentials
 * surface as `CredentialInvalid` (or `Throttled`/`CloudUnavailable` when STS itself is the problem).
 */
export function awsCredentialProvider(
  credential: AwsCredential,
  settings: AwsCredentialSettings,
): AwsCredentialIdentityProvider {
  switch (credential.type) {
    case 'aws-default-chain':
      return refusalsAsCredentialInvalid(fromNodeProviderChain());
    case 'aws-static-keys': {
      const identity: AwsCredentialIdentity = {
        accessKeyId: credential.accessKeyId,
        secretAccessKey: credential.secretAccessKey,
        sessionToken: credential.sessionToken,
      };
      return async () => identity;
    }
    case 'aws-assume-role': {
      const source = awsCredentialProvider(credential.source ?? { type: 'aws-default-chain' }, settings);
      const sts = new STSClient({
        region: settings.region,
        endpoint: settings.stsEndpoint,
        credentials: source,
        maxAttempts: 1,
      });
      const assume = async (): Promise<AwsCredentialIdentity> => {
        const { Credentials: session } = await sts
          .send(
            new AssumeRoleCommand({
              RoleArn: credential.roleArn,
              ExternalId: credential.externalId,
              RoleSessionName: credential.sessionName ?? 'fleetplane',
              DurationSeconds: ASSUMED_ROLE_SESSION_SECONDS,
            }),
          )
          .catch((error: unknown) => {
            throw assumeRoleFailure(error, credential.roleArn);
          });
        if (!session?.AccessKeyId || !session.SecretAccessKey) {
          throw new CredentialInvalid(`STS returned no credentials for ${credential.roleArn}`, { provider: 'eks' });
        }
        return {
          accessKeyId: session.AccessKeyId,
          secretAccessKey: session.SecretAccessKey,
          sessionToken: session.SessionToken,
          expiration: session.Expiration,
        };
      };
      return memoizeUntilExpiry(assume, settings.now);
    }
  }
}

/** A role that cannot be assumed is a credential problem, whatever STS calls it, unless STS is just busy. */
function assumeRoleFailure(error: unknown, roleArn: string): ProviderError {
  const translated = translateAwsError(error);
  if (translated.retryable || translated instanceof CredentialInvalid) return translated;
  return new CredentialInvalid(`cannot assume ${roleArn}: ${translated.cloudCode} (${translated.cloudMessage ?? ''})`, {
    provider: 'eks',
    cloudCode: translated.cloudCode,
    cloudMessage: translated.cloudMessage,
    cause: error,
  });
}

function refusalsAsCredentialInvalid(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (options) => {
    try {
      return await provider(options);
    } catch (error) {
      throw new CredentialInvalid(
        `the AWS default credential chain found no usable credential: ${(error as Error).message}`,
        {
          provider: 'eks',
          cloudCode: (error as Error).name,
          cloudMessage: (error as Error).message,
          cause: error,
        },
      );
    }
  };
}

/** Shares one in-flight or current session among callers until shortly before it expires. */
function memoizeUntilExpiry(
  obtain: () => Promise<AwsCredentialIdentity>,
  now: () => Date,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (current) {
      const identity = await current.catch(() => undefined);
      const fresh = identity?.expiration && identity.expiration.getTime() - SESSION_RENEWAL_MARGIN_MS > now().getTime();
      if (fresh) return identity;
    }
    current = obtain();
    current.catch(() => (current = undefined));
    return current;
  };
}
