import { getFromApiServer } from '@fleetplane/kube';
import type { ClusterHealthState, NodeCapacity } from '@fleetplane/persistence';
import {
  CloudHealth,
  CloudProviders,
  ClusterRef,
  CredentialInvalid,
  PermissionDenied,
  ProviderCredential,
  ProviderError,
  apiServerHealth,
  retryTransientFailures,
} from '@fleetplane/providers';
import { readCapacity } from './read-capacity';

export interface ProbeResult {
  at: Date;
  state: Exclude<ClusterHealthState, 'Unknown'>;
  reason: string;
  latencyMs: number;
  cloud: { ok: boolean; status?: string; error?: string };
  api: { ok: boolean; status?: string; latencyMs?: number; error?: string };
  /** Read when asked and the API answered; absent when not asked or the read failed (see `capacityError`). */
  capacity?: NodeCapacity;
  capacityError?: string;
}

const UNREACHABLE = 'API server unreachable';

/** Clusters without a cloud: the provider's health check already is the API server check. */
const API_ONLY_PROVIDERS = new Set(['kubeconfig', 'sandbox']);
/** One probe is one attempt: the next round is the retry, and a hanging cluster must not hold a slot. */
const NO_RETRY = retryTransientFailures({ maxRetries: 0, initialDelayMs: 0, maxDelayMs: 0 });

/**
 * One health probe: the cloud's view of the cluster, then whether its Kubernetes API answers with the
 * credential we hold. Never rejects: every failure becomes a state with the cloud's own message, or for the
 * API server its status code and a generic reason (never its answer's body, never which way a connection failed).
 */
export async function probeCluster(
  providers: CloudProviders,
  ref: ClusterRef,
  credential: ProviderCredential,
  timeoutMs: number,
  options: { readCapacity?: boolean } = {},
): Promise<ProbeResult> {
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const apiOnly = API_ONLY_PROVIDERS.has(ref.provider);
  const api = await settle(apiCheck(providers, ref, credential, timeoutMs, signal));
  const cloud = apiOnly ? api : await settle(providers.checkHealth(ref, credential, { signal }));
  const { state, reason } = derive(cloud, api, API_ONLY_PROVIDERS.has(ref.provider));
  const capacity =
    options.readCapacity && api.ok ? await capacityOf(providers, ref, credential, timeoutMs, signal) : {};
  return {
    ...capacity,
    at: new Date(),
    state,
    reason,
    latencyMs: Date.now() - started,
    cloud: cloud.ok ? { ok: true, status: cloud.value.cloudStatus } : { ok: false, error: describeError(cloud.error) },
    api: api.ok
      ? { ok: api.value.healthy, status: api.value.cloudStatus, latencyMs: api.value.latencyMs }
      : { ok: false, error: describeApiFailure(api.error) },
  };
}

/**
 * Readiness (`/readyz`, open to anonymous callers on real API servers), then `/api`, which only an
 * authenticated caller may read: that is what proves the credential we hold still works.
 */
async function apiCheck(
  providers: CloudProviders,
  ref: ClusterRef,
  credential: ProviderCredential,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CloudHealth> {
  const { kubeConfig } = await providers.access(ref, credential, { signal });
  const health = await apiServerHealth(kubeConfig, {
    provider: ref.provider,
    retryPolicy: NO_RETRY,
    timeoutMs,
    now: () => new Date(),
    signal,
  });
  const discovery = await getFromApiServer(kubeConfig, '/api', timeoutMs, signal);
  // The status code only: the answer's body is whatever listens there, and health reasons are public to viewers.
  const details = { provider: ref.provider, cloudCode: String(discovery.status) };
  if (discovery.status === 401) {
    providers.forgetAccess(ref);
    throw new CredentialInvalid('the API server rejected the credential', details);
  }
  if (discovery.status === 403)
    throw new PermissionDenied('the API server forbids discovery to this identity', details);
  return health;
}

async function capacityOf(
  providers: CloudProviders,
  ref: ClusterRef,
  credential: ProviderCredential,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Pick<ProbeResult, 'capacity' | 'capacityError'>> {
  try {
    const { kubeConfig } = await providers.access(ref, credential, { signal });
    return { capacity: await readCapacity(kubeConfig, timeoutMs, signal) };
  } catch (error) {
    return { capacityError: describeError(error) };
  }
}

type Settled = { ok: true; value: CloudHealth } | { ok: false; error: unknown };

async function settle(promise: Promise<CloudHealth>): Promise<Settled> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function derive(cloud: Settled, api: Settled, apiOnly: boolean): { state: ProbeResult['state']; reason: string } {
  for (const check of [cloud, api]) {
    if (!check.ok && isCredentialFailure(check.error))
      return { state: 'CredentialError', reason: describeError(check.error) };
  }
  if (!cloud.ok && codeOf(cloud.error) === 'ClusterNotFound')
    return { state: 'Unreachable', reason: describeError(cloud.error) };
  if (!api.ok) return { state: 'Unreachable', reason: `Kubernetes API: ${describeApiFailure(api.error)}` };
  const apiSummary = `API ${api.value.cloudStatus} in ${api.value.latencyMs} ms`;
  if (!api.value.healthy)
    return { state: 'Degraded', reason: `${apiSummary}: ${api.value.issues.map((i) => i.message).join('; ')}` };
  if (apiOnly) return { state: 'Healthy', reason: apiSummary };
  if (!cloud.ok) return { state: 'Degraded', reason: `cloud API: ${describeError(cloud.error)}; ${apiSummary}` };
  if (!cloud.value.healthy) {
    return {
      state: 'Degraded',
      reason: `cloud ${cloud.value.cloudStatus}: ${cloud.value.issues.map((i) => `${i.code} ${i.message}`).join('; ')}`,
    };
  }
  return { state: 'Healthy', reason: `cloud ${cloud.value.cloudStatus}; ${apiSummary}` };
}

function isCredentialFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'CredentialInvalid' || code === 'PermissionDenied';
}

function codeOf(error: unknown): string | undefined {
  return error instanceof ProviderError ? error.code : undefined;
}

/**
 * The API check fails either inside the provider (a refused connection, translated to `CloudUnavailable`) or
 * on the probe's own deadline while reading `/api`: both are the same outage and must read the same.
 */
export function describeApiFailure(error: unknown): string {
  return codeOf(error) === 'CloudUnavailable' ? UNREACHABLE : describeError(error);
}

function describeError(error: unknown): string {
  if (error instanceof ProviderError) {
    const cloud = error.cloudCode ? ` (${error.cloudCode}${error.cloudMessage ? `: ${error.cloudMessage}` : ''})` : '';
    return `${error.code}: ${error.message}${cloud}`;
  }
  // A probe's own deadline reads as a refused or reset connection does: no port states told apart.
  return UNREACHABLE;
}
