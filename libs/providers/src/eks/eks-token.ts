import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * The EKS bearer token, made exactly as aws-iam-authenticator's `GetWithSTS` makes it
 * (kubernetes-sigs/aws-iam-authenticator, pkg/token/token.go):
 * an STS `GetCallerIdentity` GET request carrying the `x-k8s-aws-id: <cluster>` header, SigV4
 * presigned with `X-Amz-Expires=60` (ignored by STS, kept because old authenticators check it),
 * encoded as `k8s-aws-v1.` + unpadded base64url of the URL. EKS accepts it for 15 minutes after
 * `X-Amz-Date`; like the authenticator, we treat it as expiring one minute earlier.
 */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
const PRESIGN_EXPIRES_SECONDS = 60;
const TOKEN_VALIDITY_MS = 15 * 60_000;
const TOKEN_SAFETY_MARGIN_MS = 60_000;

export interface EksToken {
  token: string;
  expiresAt: Date;
}

export interface EksTokenRequest {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity;
  signedAt: Date;
}

export async function createEksToken(request: EksTokenRequest): Promise<EksToken> {
  const hostname = stsHostname(request.region);
  const signer = new SignatureV4({
    service: 'sts',
    region: request.region,
    credentials: request.credentials,
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    new HttpRequest({
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: request.clusterName },
    }),
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: request.signedAt },
  );
  const url = `https://${hostname}/?${queryString(presigned.query ?? {})}`;
  return {
    token: EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
    expiresAt: new Date(request.signedAt.getTime() + TOKEN_VALIDITY_MS - TOKEN_SAFETY_MARGIN_MS),
  };
}

/** The regional STS host EKS's authenticator accepts (China regions live in their own partition). */
export function stsHostname(region: string): string {
  return `sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

function queryString(query: Record<string, string | string[] | null>): string {
  return Object.entries(query)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${rfc3986(key)}=${rfc3986(v ?? '')}`),
    )
    .join('&');
}

/** SigV4 canonicalises with RFC 3986 escaping; `encodeURIComponent` leaves `!'()*` alone. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
