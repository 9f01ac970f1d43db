import type { KubeConfig } from '@kubernetes/client-node';
import type { CloudHealth, HealthIssue } from '../cloud-provider';
import { callCloud } from '../cloud-call';
import { CloudUnavailable, CredentialInvalid, PermissionDenied, ProviderError, Throttled } from '../errors';
import { ProviderRetryPolicy } from '../retry';
import { ApiServerAnswer, getFromApiServer } from './api-server-request';

export interface ApiServerHealthContext {
  provider: string;
  retryPolicy: ProviderRetryPolicy;
  timeoutMs: number;
  now: () => Date;
  signal?: AbortSignal;
}

/**
 * Health of a cluster without a cloud: `/readyz` answers 200 when the API server is ready and
 * 500 with the failing checks otherwise. Servers without `/readyz` (404) are asked `/version`.
 */
export async function apiServerHealth(kubeConfig: KubeConfig, context: ApiServerHealthContext): Promise<CloudHealth> {
  const started = Date.now();
  const answer = await callCloud(
    context.retryPolicy,
    (error) => unreachable(context.provider, error),
    async (signal) => {
      const readyz = rejectRefusals(await getFromApiServer(kubeConfig, '/readyz', context.timeoutMs, signal), context.provider);
      if (readyz.status !== 404) return { ...readyz, path: '/readyz' };
      const version = rejectRefusals(await getFromApiServer(kubeConfig, '/version', context.timeoutMs, signal), context.provider);
      return { ...version, path: '/version' };
    },
    context.signal,
  );
  const healthy = answer.status === 200;
  return {
    healthy,
    status: healthy ? 'running' : 'degraded',
    cloudStatus: `${answer.path} ${answer.status}`,
    issues: healthy ? [] : failedChecks(answer.body, answer.status),
    checkedAt: context.now(),
    latencyMs: Date.now() - started,
  };
}

function rejectRefusals(answer: ApiServerAnswer, provider: string): ApiServerAnswer {
  const details = { provider, cloudCode: String(answer.status), cloudMessage: answer.body.trim() };
  if (answer.status === 401) throw new CredentialInvalid('the API server rejected the credential', details);
  if (answer.status === 403) throw new PermissionDenied('the API server forbids the health check', details);
  if (answer.status === 429) throw new Throttled('the API server is rate limiting', details);
  return answer;
}

/** `/readyz` lists failed checks as lines starting with `[-]`; other bodies are reported whole. */
function failedChecks(body: string, status: number): HealthIssue[] {
  const failed = body
    .split('\n')
    .filter((line) => line.startsWith('[-]'))
    .map((line) => ({ code: 'ReadyzCheckFailed', message: line.slice(3).trim() }));
  return failed.length > 0 ? failed : [{ code: `HTTP${status}`, message: body.trim() || `status ${status}` }];
}

/** Node's codes for a server certificate the kubeconfig's CA does not vouch for. */
const TLS_TRUST_FAILURE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)/;

function unreachable(provider: string, error: unknown): ProviderError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code && TLS_TRUST_FAILURE.test(code)) {
    // Retrying cannot help: the CA in the credential does not match the server.
    return new CredentialInvalid(`the API server's certificate is not trusted: ${message}`, {
      provider,
      cloudCode: code,
      cloudMessage: message,
      cause: error,
    });
  }
  return new CloudUnavailable(`the API server cannot be reached: ${message}`, {
    provider,
    cloudCode: code,
    cloudMessage: message,
    cause: error,
  });
}
