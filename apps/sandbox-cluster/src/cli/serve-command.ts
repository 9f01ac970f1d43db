import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SandboxClusterSpec, defaultClusterSpecs, startSandbox } from '../sandbox';

export interface ServeOptions {
  clusters: string;
  kubeconfigDir: string;
  names?: string;
  labels?: string;
  clusterLabels: string[];
  capacity?: string;
  stateFile?: string;
  adminPort: string;
  podStartMs?: string;
  podReadyMs?: string;
  progressDeadlineMs?: string;
}

export const SANDBOX_INFO_FILE = 'sandbox.json';

/** "a=b,c=d" → { a: 'b', c: 'd' } */
export function parseKeyValues(text: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const [key, ...value] = pair.split('=');
    if (!key || value.length === 0) throw new Error(`expected key=value, got "${pair}"`);
    result[key.trim()] = value.join('=').trim();
  }
  return result;
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

export function clusterSpecs(options: ServeOptions): SandboxClusterSpec[] {
  const names = options.names
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const count = names?.length ?? Number(options.clusters);
  if (!Number.isInteger(count) || count < 1) throw new Error('--clusters must be a positive integer');
  const shared = parseKeyValues(options.labels);
  const capacity = options.capacity ? parseKeyValues(options.capacity) : undefined;
  return defaultClusterSpecs(count, names).map((spec) => {
    const own = options.clusterLabels
      .filter((entry) => entry.startsWith(`${spec.name}:`))
      .reduce((labels, entry) => ({ ...labels, ...parseKeyValues(entry.slice(spec.name.length + 1)) }), {});
    return {
      ...spec,
      labels: { ...spec.labels, ...shared, ...own },
      ...(capacity
        ? {
            capacity: {
              cpu: capacity.cpu ?? '64',
              memory: capacity.memory ?? '256Gi',
              ...(capacity.pods ? { pods: Number(capacity.pods) } : {}),
            },
          }
        : {}),
    };
  });
}

/** Runs the sandbox until SIGTERM/SIGINT, printing where everything is. */
export async function serve(options: ServeOptions): Promise<void> {
  const kubeconfigDir = resolve(options.kubeconfigDir);
  const timeline = Object.fromEntries(
    Object.entries({
      podStartMs: optionalNumber(options.podStartMs),
      podReadyMs: optionalNumber(options.podReadyMs),
      progressDeadlineMs: optionalNumber(options.progressDeadlineMs),
    }).filter(([, value]) => value !== undefined),
  );
  const sandbox = await startSandbox({
    clusters: clusterSpecs(options),
    kubeconfigDir,
    stateFile: options.stateFile ? resolve(options.stateFile) : undefined,
    adminPort: Number(options.adminPort),
    timeline,
  });
  const info = {
    adminUrl: sandbox.adminUrl,
    clusters: sandbox.clusters.map(({ name, labels, server, kubeconfigPath }) => ({
      name,
      labels,
      server,
      kubeconfigPath,
    })),
  };
  await writeFile(join(kubeconfigDir, SANDBOX_INFO_FILE), JSON.stringify(info, null, 2));
  console.log(`sandbox: ${sandbox.clusters.length} cluster(s), admin endpoint ${sandbox.adminUrl}`);
  for (const cluster of info.clusters) {
    const labels = Object.entries(cluster.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    console.log(`  ${cluster.name}  ${cluster.server}  ${cluster.kubeconfigPath}  ${labels}`);
  }
  console.log(`try: kubectl --kubeconfig ${info.clusters[0].kubeconfigPath} get namespaces`);
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await sandbox.stop();
}
