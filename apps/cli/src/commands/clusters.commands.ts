import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { CliContext } from '../cli-context';
import { UsageError } from '../config-store';
import { parseCount } from './tokens.commands';

interface Cluster {
  name: string;
  team: string;
  provider: string;
  cloud: string;
  region: string;
  environment: string;
  labels: Record<string, string>;
  cordoned: boolean;
  version: number;
  health: { state: string; reason: string; changedAt: string | null; latencyMs: number | null };
  cloudDescription: {
    kubernetesVersion: string;
    cloudStatus: string;
    nodePools: Array<{ name: string; instanceTypes: string[]; size: { desired: number } }>;
  } | null;
}

const COLUMNS = [
  { header: 'NAME', value: (c: Cluster) => c.name },
  { header: 'PROVIDER', value: (c: Cluster) => c.provider },
  { header: 'CLOUD', value: (c: Cluster) => c.cloud },
  { header: 'REGION', value: (c: Cluster) => c.region },
  { header: 'ENV', value: (c: Cluster) => c.environment },
  { header: 'HEALTH', value: (c: Cluster) => (c.cordoned ? `${c.health.state},Cordoned` : c.health.state) },
  { header: 'VERSION', value: (c: Cluster) => c.cloudDescription?.kubernetesVersion ?? '' },
  { header: 'LABELS', value: (c: Cluster) => labelsText(c.labels) },
];

const PROVIDERS = ['eks', 'gke', 'aks', 'kubeconfig', 'sandbox'];

export function registerClusterCommands(program: Command, cli: CliContext): void {
  const clusters = program.command('clusters').description('Register, list, label, cordon and deregister clusters');

  clusters
    .command('register')
    .description('Register one cluster (described in its cloud first)')
    .argument('<name>', 'fleet-wide name, a DNS label')
    .addOption(new Option('--provider <provider>').choices(PROVIDERS).makeOptionMandatory())
    .option('--region <region>', 'eks: the AWS region')
    .option('--cluster-name <name>', 'eks/gke/aks/sandbox: the name in the cloud (default: <name>)')
    .option('--project <id>', 'gke: the project id')
    .option('--location <location>', 'gke: region or zone')
    .option('--subscription <id>', 'aks: the subscription id')
    .option('--resource-group <group>', 'aks: the resource group')
    .option('--context <context>', 'kubeconfig: the context')
    .option('--kubeconfig <file>', 'kubeconfig/sandbox: a kubeconfig file whose content is sent (encrypted at rest)')
    .option('--credential <file>', 'a JSON file with the credential object (see the API reference)')
    .option('--team <team>')
    .option('--environment <env>')
    .option('-l, --label <key=value...>', 'a label (repeatable)')
    .action(async (name: string, options: RegisterOptions) => {
      const body = {
        name,
        team: options.team,
        environment: options.environment,
        labels: parseLabels(options.label ?? []),
        ref: refFrom(name, options),
        credential: await credentialFrom(options),
      };
      cli.print(await (await cli.client()).post<Cluster>('v1/clusters', body), COLUMNS);
    });

  clusters
    .command('import')
    .description('Discover the clusters of an account/project/subscription and register those matching')
    .requiredOption(
      '--scope <file>',
      'a JSON file with the discovery scope, e.g. {"provider":"eks","regions":["us-east-1"]}',
    )
    .requiredOption('--credential <file>', 'a JSON file with the credential object')
    .option('--name <glob>', 'only cloud names matching this glob')
    .option('--name-prefix <prefix>', 'prefix for the fleet names')
    .option('--team <team>')
    .option('--environment <env>')
    .action(
      async (options: {
        scope: string;
        credential: string;
        name?: string;
        namePrefix?: string;
        team?: string;
        environment?: string;
      }) => {
        const body = {
          scope: await readJson(options.scope),
          credential: await readJson(options.credential),
          filter: options.name ? { name: options.name } : undefined,
          namePrefix: options.namePrefix,
          team: options.team,
          environment: options.environment,
        };
        const result = await (
          await cli.client()
        ).post<{
          clusters: Array<{
            cloudName: string;
            name: string;
            region: string;
            outcome: string;
            error?: string;
            reason?: string;
          }>;
        }>('v1/clusters/import', body);
        cli.print(result.clusters, [
          { header: 'CLOUD-NAME', value: (c) => c.cloudName },
          { header: 'REGION', value: (c) => c.region },
          { header: 'NAME', value: (c) => c.name },
          { header: 'OUTCOME', value: (c) => c.outcome },
          // An already-registered cluster says under which name (or that another team holds it).
          { header: 'DETAIL', value: (c) => c.error ?? c.reason ?? '' },
        ]);
      },
    );

  clusters
    .command('list')
    .description('List clusters')
    .addOption(new Option('--provider <provider>').choices(PROVIDERS))
    .option('--cloud <cloud>')
    .option('--region <region>')
    .option('--environment <env>')
    .addOption(
      new Option('--health <state>').choices(['Unknown', 'Healthy', 'Degraded', 'Unreachable', 'CredentialError']),
    )
    .option('-l, --selector <selector>', 'label selector, e.g. tier=web,env in (prod)')
    .option('--max <n>', 'at most this many', parseCount, 1000)
    .action(async (options: Record<string, string> & { max: number }) => {
      const { max, ...filters } = options;
      cli.print(await (await cli.client()).all<Cluster>('v1/clusters', filters, max), COLUMNS);
    });

  clusters
    .command('get')
    .description('Show one cluster with its cloud description')
    .argument('<name>')
    .action(async (name: string) => {
      const cluster = await (await cli.client()).get<Cluster>(`v1/clusters/${encodeURIComponent(name)}`);
      cli.print(cluster, [
        ...COLUMNS,
        { header: 'HEALTH-REASON', value: (c: Cluster) => c.health.reason },
        {
          header: 'NODE-POOLS',
          value: (c: Cluster) =>
            (c.cloudDescription?.nodePools ?? [])
              .map((p) => `${p.name}:${p.instanceTypes.join('+')}x${p.size.desired}`)
              .join(' '),
        },
      ]);
    });

  clusters
    .command('label')
    .description('Set (key=value) or remove (key-) labels, kubectl style')
    .argument('<name>')
    .argument('<changes...>')
    .action(async (name: string, changes: string[]) => {
      const client = await cli.client();
      const current = await client.get<Cluster>(`v1/clusters/${encodeURIComponent(name)}`);
      const labels = applyLabelChanges(current.labels, changes);
      const updated = await client.patch<Cluster>(
        `v1/clusters/${encodeURIComponent(name)}`,
        { labels },
        { 'If-Match': `"${current.version}"` },
      );
      cli.print(updated, COLUMNS);
    });

  for (const verb of ['cordon', 'uncordon'] as const) {
    clusters
      .command(verb)
      .description(
        verb === 'cordon'
          ? 'Keep what the cluster runs; new placements skip it'
          : 'Let placements select the cluster again',
      )
      .argument('<name>')
      .action(async (name: string) =>
        cli.print(await (await cli.client()).post<Cluster>(`v1/clusters/${encodeURIComponent(name)}/${verb}`), COLUMNS),
      );
  }

  clusters
    .command('deregister')
    .description('Forget a cluster and its credential (its workloads keep running)')
    .argument('<name>')
    .action(async (name: string) =>
      cli.print(await (await cli.client()).delete<Cluster>(`v1/clusters/${encodeURIComponent(name)}`), COLUMNS),
    );

  clusters
    .command('health')
    .description("A cluster's health: current state, recent probes, transitions")
    .argument('<name>')
    .action(async (name: string) => {
      const report = await (
        await cli.client()
      ).get<{ transitions: Array<{ at: string; from: string; to: string; reason: string }> }>(
        `v1/clusters/${encodeURIComponent(name)}/health`,
      );
      if (cli.format !== 'table') return cli.print(report, []);
      cli.print(report.transitions, [
        { header: 'AT', value: (t) => t.at },
        { header: 'FROM', value: (t) => t.from },
        { header: 'TO', value: (t) => t.to },
        { header: 'REASON', value: (t) => t.reason },
      ]);
    });
}

interface RegisterOptions {
  provider: string;
  region?: string;
  clusterName?: string;
  project?: string;
  location?: string;
  subscription?: string;
  resourceGroup?: string;
  context?: string;
  kubeconfig?: string;
  credential?: string;
  team?: string;
  environment?: string;
  label?: string[];
}

function refFrom(name: string, options: RegisterOptions): Record<string, unknown> {
  const cloudName = options.clusterName ?? name;
  switch (options.provider) {
    case 'eks':
      return { provider: 'eks', region: required(options.region, '--region'), name: cloudName };
    case 'gke':
      return {
        provider: 'gke',
        projectId: required(options.project, '--project'),
        location: required(options.location, '--location'),
        name: cloudName,
      };
    case 'aks':
      return {
        provider: 'aks',
        subscriptionId: required(options.subscription, '--subscription'),
        resourceGroup: required(options.resourceGroup, '--resource-group'),
        name: cloudName,
      };
    case 'kubeconfig':
      return { provider: 'kubeconfig', context: required(options.context, '--context') };
    default:
      return { provider: 'sandbox', name: cloudName };
  }
}

async function credentialFrom(options: RegisterOptions): Promise<unknown> {
  if (options.credential) return readJson(options.credential);
  if (options.kubeconfig) return { type: 'kubeconfig', kubeconfig: await readFile(options.kubeconfig, 'utf8') };
  throw new UsageError('give --credential FILE (JSON) or --kubeconfig FILE');
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required for this provider`);
  return value;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read JSON from ${path}: ${(error as Error).message}`);
  }
}

function parseLabels(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const index = pair.indexOf('=');
      if (index <= 0) throw new UsageError(`label "${pair}" must be key=value`);
      return [pair.slice(0, index), pair.slice(index + 1)];
    }),
  );
}

/** `key=value` sets, `key-` removes, as `kubectl label` does. */
export function applyLabelChanges(labels: Record<string, string>, changes: string[]): Record<string, string> {
  const next = { ...labels };
  for (const change of changes) {
    if (change.endsWith('-') && !change.includes('=')) delete next[change.slice(0, -1)];
    else Object.assign(next, parseLabels([change]));
  }
  return next;
}

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
