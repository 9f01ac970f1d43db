import type { KubeConfig } from '@kubernetes/client-node';
import type { AddressGuard } from './address-guard';
import { ApiServerConnection, CallerAbort } from './api-server-connection';
import { connectToApiServer } from './connect-to-api-server';
import { KubeConfigCredentials } from './kubeconfig-credentials';
import type { OutgoingHttpHeaders } from 'node:http';

export interface ApiServerAnswer {
  status: number;
  body: string;
}

/** Bodies of health endpoints are a few lines; anything longer is cut (unless a caller allows more) so a broken server cannot flood memory. */
const MAX_BODY_BYTES = 64 * 1024;

/** Parallel connections to a cluster that speaks only HTTP/1.1, shared by its probes, rollouts and drift checks. */
const MAX_SOCKETS = 4;

interface AccessConnection {
  credentials: KubeConfigCredentials;
  guard?: AddressGuard;
  connection?: ApiServerConnection;
}

/**
 * One set of kept-alive connections per access (KubeConfig): a probe's requests, the next round's while
 * the access is cached, and the rollouts' and drift checks' requests (see {@link apiServerConnection})
 * reuse them instead of paying a handshake each time. Collected with the access.
 */
const connections = new WeakMap<KubeConfig, AccessConnection>();

function accessOf(kubeConfig: KubeConfig): AccessConnection {
  let access = connections.get(kubeConfig);
  if (!access) {
    access = { credentials: new KubeConfigCredentials(kubeConfig, { accept: 'application/json, */*' }) };
    connections.set(kubeConfig, access);
  }
  return access;
}

/**
 * Every connection made for this access has its address judged by `guard` first (see `connectToApiServer`).
 * Called by whoever issues the access, before its first request.
 */
export function guardApiServerConnections(kubeConfig: KubeConfig, guard: AddressGuard | undefined): void {
  if (guard) accessOf(kubeConfig).guard = guard;
}

async function connectionFor(
  kubeConfig: KubeConfig,
): Promise<{ connection: ApiServerConnection; headers: OutgoingHttpHeaders }> {
  const access = accessOf(kubeConfig);
  const { tls, headers } = await access.credentials.read();
  access.connection ??= connectToApiServer(kubeConfig, tls, MAX_SOCKETS, access.guard);
  return { connection: access.connection, headers };
}

/**
 * Called when the access cache stops handing out this access (re-issued or forgotten): its idle
 * connections close now, and those still carrying a request close once it is answered. Without this an
 * expiring cloud token left one open connection per cluster behind at every re-issue, for as long as
 * the server kept it.
 */
export function retireApiServerConnection(kubeConfig: KubeConfig): void {
  connections.get(kubeConfig)?.connection?.retire();
}

/**
 * Runs `work` with a kubeconfig loaded for this one call (a registration's describe, a health check asked
 * of the provider), then closes the connection it opened: nothing will ask through that kubeconfig again,
 * and an idle connection would otherwise stay open for as long as the server keeps it.
 */
export async function throughTransientKubeConfig<T>(
  kubeConfig: KubeConfig,
  guard: AddressGuard | undefined,
  work: (kubeConfig: KubeConfig) => Promise<T>,
): Promise<T> {
  guardApiServerConnections(kubeConfig, guard);
  try {
    return await work(kubeConfig);
  } finally {
    retireApiServerConnection(kubeConfig);
  }
}

/**
 * The kept-alive connections to the API server of this access, shared by everything that talks to the
 * cluster: the health prober keeps them warm, so a rollout starts without a TLS handshake.
 */
export async function apiServerConnection(kubeConfig: KubeConfig): Promise<ApiServerConnection> {
  return (await connectionFor(kubeConfig)).connection;
}

/**
 * One GET against the kubeconfig's current cluster, authenticated and TLS-verified exactly as the
 * kubeconfig says. Rejects with the connection's error (`ECONNREFUSED`, `ETIMEDOUT`, a TLS failure), or
 * with the signal's reason when it aborts.
 */
export async function getFromApiServer(
  kubeConfig: KubeConfig,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<ApiServerAnswer> {
  const { connection, headers } = await connectionFor(kubeConfig);
  try {
    const answer = await connection.exchange({
      method: 'GET',
      path,
      headers,
      timeoutMs,
      signal,
      maxBodyBytes,
    });
    return { status: answer.status, body: answer.body };
  } catch (error) {
    throw error instanceof CallerAbort ? signal.reason : error;
  }
}
