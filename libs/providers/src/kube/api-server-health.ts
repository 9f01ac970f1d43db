import type { KubeConfig } from '@kubernetes/client-node';
import { ApiServerAnswer, getFromApiServer } from '@fleetplane/kube';
import type { CloudHealth, HealthIssue } from '../cloud-provider';
import { callCloud } from '../cloud-call';
import { CloudUnavailable, CredentialInvalid, PermissionDenied, ProviderError, Throttled } from '../errors';
import { ProviderRetryPolicy } from '../retry';

export interface ApiServerContext {
  provider: string;
  retryPolicy: ProviderRetryPolicy;
  timeoutMs: number;
  now: () => Date;
  signal?: AbortSignal;
}

/**
 * GETs the first of `paths` the API server has (404 moves on to the next), under the retry
 * policy. 401/403/429 and socket failures become domain errors; any other status is returned.
 */
export function askApiServer(
  kubeConfig: KubeConfig,
  paths: readonly string[],
  context: ApiServerContext,
): Promise<ApiServerAnswer & { path: string }> {
  return callCloud(
    context.retryPolicy,
    (error) => unreachable(context.provider, error),
    async (signal) => {
      let answer: ApiServerAnswer & { path: string } = { status: 404, body: '', path: paths[0] };
      for (const path of paths) {
        answer = {
          ...rejectRefusals(await getFromApiServer(kubeConfig, path, context.timeoutMs, signal), context.provider),
          path,
        };
        if (answer.status !== 404) break;
      }
      return answer;
    },
    context.signal,
  );
}

/**
 * Health of a cluster without a cloud: `/readyz` answers 200 when the API server is ready and
 * 500 with the failing checks otherwise. Servers without `/readyz` (404) are asked `/version`.
 */
export async function apiServerHealth(kubeConfig: KubeConfig, context: ApiServerContext): Promise<CloudHealth> {
  const started = Date.now();
  const answer = await askApiServer(kubeConfig, ['/readyz', '/version'], context);
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
  if (answer.status === 403) throw new PermissionDenied('the API server forbids the request', details);
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
const TLS_TRUST_FAILURE =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)/;

function unreachable(provider: string, error: unknown): ProviderError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const details = { provider, cloudCode: code, cloudMessage: message, cause: error };
  if (code && TLS_TRUST_FAILURE.test(code)) {
    // Retrying cannot help: the CA in the credential does not match the server.
    return new CredentialInvalid(`the API server's certificate is not trusted: ${message}`, details);
  }
  return new CloudUnavailable(`the API server cannot be reached: ${message}`, details);
}
