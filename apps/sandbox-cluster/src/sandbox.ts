import { mkdir, writeFile } from 'node:fs/promises';
import { Server } from 'node:http';
import { join } from 'node:path';
import { AdminClusterView, createAdminServer } from './admin/admin-server';
import { renderKubeconfig } from './cluster/kubeconfig';
import { SandboxCluster } from './cluster/sandbox-cluster';
import { DEFAULT_CAPACITY, DEFAULT_TIMELINE, Timeline } from './controllers/timeline';
import { ActiveFaults, SandboxFault } from './faults/faults';
import { RequestLogEntry } from './faults/request-log';
import { PersistedCluster, readState, restoreStore, snapshotStore, writeState } from './state/state-file';

export interface SandboxClusterSpec {
  name: string;
  /** Cluster labels; cloud and region are filled in when missing. */
  labels?: Record<string, string>;
  /** Node capacity; pods whose requests do not fit stay Pending. */
  capacity?: { cpu: string; memory: string; pods?: number };
}

export interface SandboxOptions {
  clusters: SandboxClusterSpec[];
  /** Where DIR/<name>.kubeconfig files are written. */
  kubeconfigDir: string;
  /** Persist every cluster's objects (and address and credentials) here, restoring them on start. */
  stateFile?: string;
  timeline?: Partial<Timeline>;
  /** Port for the admin endpoint; 0 picks a free one, false disables it. Default 0. */
  adminPort?: number | false;
}

export interface SandboxClusterInfo {
  name: string;
  labels: Record<string, string>;
  server: string;
  caPem: string;
  token: string;
  kubeconfigPath: string;
}

export interface Sandbox {
  clusters: SandboxClusterInfo[];
  /** Base URL of the admin endpoint, or undefined when disabled. */
  adminUrl?: string;
  fault(name: string, fault: SandboxFault): Promise<ActiveFaults>;
  clearFaults(name: string): Promise<void>;
  requestLog(name: string): RequestLogEntry[];
  clearRequestLog(name: string): void;
  /**
   * Moves the clock of one cluster's CronJob and HPA controllers forward (never back), so a schedule
   * fires without waiting for it; returns the cluster's total offset in seconds.
   */
  advanceClock(name: string, seconds: number): number;
  /** Sets the CPU utilization one HPA of a cluster reads (percent of requests); undefined withdraws it. */
  setCpuUtilization(name: string, target: { namespace: string; hpa: string }, percent: number | undefined): void;
  /** Writes the state file now (it is also written every few seconds and on stop). */
  saveState(): Promise<void>;
  stop(): Promise<void>;
}

const CLOUDS = [
  { cloud: 'aws', region: 'us-east-1' },
  { cloud: 'gcp', region: 'europe-west1' },
  { cloud: 'azure', region: 'westeurope' },
];
const STATE_SAVE_INTERVAL_MS = 2000;

/** sandbox-1..N, cycling through the three cloud flavours. */
export function defaultClusterSpecs(count: number, names?: string[]): SandboxClusterSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    name: names?.[index] ?? `sandbox-${index + 1}`,
    labels: { ...CLOUDS[index % CLOUDS.length] },
  }));
}

function labelsFor(spec: SandboxClusterSpec, index: number): Record<string, string> {
  const flavour = CLOUDS[index % CLOUDS.length];
  const cloud = spec.labels?.cloud ?? flavour.cloud;
  const region = spec.labels?.region ?? CLOUDS.find((candidate) => candidate.cloud === cloud)?.region ?? flavour.region;
  return { ...spec.labels, cloud, region };
}

/** Starts every cluster (each on its own HTTPS port with its own CA and token) and writes kubeconfigs. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const names = new Set<string>();
  for (const spec of options.clusters) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.name))
      throw new Error(`invalid cluster name "${spec.name}": use lower-case letters, digits and '-'`);
    if (names.has(spec.name)) throw new Error(`duplicate cluster name "${spec.name}"`);
    names.add(spec.name);
  }
  await mkdir(options.kubeconfigDir, { recursive: true });
  const persisted: Record<string, PersistedCluster> = options.stateFile ? await readState(options.stateFile) : {};
  const timeline = { ...DEFAULT_TIMELINE, ...options.timeline };
  const clusters = options.clusters.map((spec, index) => {
    const saved = persisted[spec.name];
    return new SandboxCluster({
      name: spec.name,
      labels: labelsFor(spec, index),
      capacity: { ...DEFAULT_CAPACITY, ...spec.capacity },
      timeline,
      ...(saved ? { store: restoreStore(saved), identity: saved.identity } : {}),
    });
  });
  const started: SandboxCluster[] = [];
  try {
    for (const cluster of clusters) {
      await cluster.start();
      started.push(cluster);
    }
  } catch (error) {
    await Promise.all(started.map((cluster) => cluster.stop()));
    throw error;
  }

  const kubeconfigPath = (cluster: SandboxCluster): string => join(options.kubeconfigDir, `${cluster.name}.kubeconfig`);
  await Promise.all(
    clusters.map((cluster) =>
      writeFile(
        kubeconfigPath(cluster),
        renderKubeconfig({ name: cluster.name, server: cluster.serverUrl, caPem: cluster.caPem, token: cluster.token }),
        { mode: 0o600 },
      ),
    ),
  );
  const describe = (cluster: SandboxCluster): AdminClusterView => ({
    name: cluster.name,
    labels: cluster.labels,
    server: cluster.serverUrl,
    kubeconfigPath: kubeconfigPath(cluster),
  });

  let admin: Server | undefined;
  let adminUrl: string | undefined;
  if (options.adminPort !== false) {
    const server = createAdminServer(() => clusters, describe);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.adminPort || 0, '127.0.0.1', () => resolve());
    });
    admin = server;
    adminUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  const saveState = async (): Promise<void> => {
    if (!options.stateFile) return;
    const snapshot: Record<string, PersistedCluster> = {};
    for (const cluster of clusters) snapshot[cluster.name] = snapshotStore(cluster.store, cluster.identity());
    await writeState(options.stateFile, snapshot);
  };
  let savedAt = clusters.map((cluster) => cluster.store.currentResourceVersion);
  const saver = options.stateFile
    ? setInterval(() => {
        const versions = clusters.map((cluster) => cluster.store.currentResourceVersion);
        if (versions.every((version, index) => version === savedAt[index])) return;
        savedAt = versions;
        void saveState();
      }, STATE_SAVE_INTERVAL_MS)
    : undefined;
  saver?.unref();

  const byName = (name: string): SandboxCluster => {
    const cluster = clusters.find((candidate) => candidate.name === name);
    if (!cluster) throw new Error(`no sandbox cluster named ${name}`);
    return cluster;
  };

  return {
    clusters: clusters.map((cluster) => ({ ...describe(cluster), caPem: cluster.caPem, token: cluster.token })),
    adminUrl,
    async fault(name, fault) {
      const cluster = byName(name);
      await cluster.injectFault(fault);
      return cluster.currentFaults();
    },
    clearFaults: (name) => byName(name).clearFaults(),
    requestLog: (name) => byName(name).requestLog.read(),
    clearRequestLog: (name) => byName(name).requestLog.clear(),
    advanceClock: (name, seconds) => byName(name).advanceClock(seconds),
    setCpuUtilization: (name, target, percent) => byName(name).setCpuUtilization(target.namespace, target.hpa, percent),
    saveState,
    async stop() {
      if (saver) clearInterval(saver);
      await saveState();
      if (admin) {
        admin.closeAllConnections();
        await new Promise<void>((resolve) => admin!.close(() => resolve()));
      }
      await Promise.all(clusters.map((cluster) => cluster.stop()));
    },
  };
}
