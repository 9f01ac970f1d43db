import type { KubeConfig } from '@kubernetes/client-node';
import { ApiServerAnswer, getFromApiServer, isForbiddenAddress } from '@fleetplane/kube';
import type { CloudHealth, HealthIssue } from '../cloud-provider';
import { callCloud } from '../cloud-call';
import {
  CloudUnavailable,
  CredentialInvalid,
  InvalidRequest,
  PermissionDenied,
  ProviderError,
  Throttled,
} from '../errors';
import { ProviderRetryPolicy } from '../retry';

export interface ApiServerContext {
  provider: string;
  retryPolicy: ProviderRetryPolicy;
  timeoutMs: number;
  now: () => Date;
  signal?: AbortSignal;
}

/** The `cloudCode` of an API server whose address the address guard refused. */
export const FORBIDDEN_ADDRESS_CODE = 'EADDRFORBIDDEN';

/**
 * GETs the first of `paths` the API server has (404 moves on to the next), under the retry
 * policy. 401/403/429 and socket failures become domain errors; any other status is returned.
 * Errors carry the status code and a generic reason, never the answer's body: whatever listens at a
 * cluster's address must not be able to show its answers to whoever reads the cluster's health.
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
  const details = { provider, cloudCode: String(answer.status) };
  if (answer.status === 401) throw new CredentialInvalid('the API server rejected the credential', details);
  if (answer.status === 403) throw new PermissionDenied('the API server forbids the request', details);
  if (answer.status === 429) throw new Throttled('the API server is rate limiting', details);
  return answer;
}

/** A `/readyz` line naming a failed check, as `[-]etcd failed: reason withheld`. */
const FAILED_CHECK = /^\[-\]([\w./-]{1,100}) failed/;

/** The names of the checks `/readyz` lists as failed, and nothing else of the body; else the status alone. */
function failedChecks(body: string, status: number): HealthIssue[] {
  const failed = body
    .split('\n')
    .map((line) => FAILED_CHECK.exec(line)?.[1])
    .filter((name) => name !== undefined)
    .map((name) => ({ code: 'ReadyzCheckFailed', message: `${name} failed` }));
  return failed.length > 0 ? failed : [{ code: `HTTP${status}`, message: `status ${status}` }];
}

/**
 * A refused, reset, timed-out or TLS-rejected connection all read alike, without the socket's own code or
 * message: telling them apart would tell a closed port from an open one, and a TLS listener from another.
 * An address the guard refused is a wrong request, not an outage.
 */
function unreachable(provider: string, error: unknown): ProviderError {
  if (isForbiddenAddress(error)) {
    return new InvalidRequest(`the API server's address is refused: ${error.message}`, {
      provider,
      cloudCode: FORBIDDEN_ADDRESS_CODE,
      cause: error,
    });
  }
  return new CloudUnavailable('API server unreachable', { provider, cause: error });
}
