import { Command } from 'commander';
import { CliContext } from '../cli-context';
import { UsageError } from '../config-store';
import { readCredential } from '../secret-input';
import { follow } from './deploy.commands';

interface Binding {
  id: string;
  name: string;
  class: string;
  scopeDescription: string;
  instance: string;
  role: string;
  locality: string;
  credential: { type: string; version?: string; reference?: string };
  revision: number;
}

/** What a binding change rolled out: the deployments it started and the clusters it could not. */
interface Rollout {
  cause: string | null;
  deployments: Array<{ id: string; release: string; clusters: string[] }>;
  notRolled: Array<{ cluster: string; outcome: string; reason: string }>;
}

interface BindingStatus {
  binding: string;
  cluster: string;
  desired: { revision: number } | null;
  applied: { revision: number } | null;
  conditions: Array<{ type: string; status: string; reason: string; message: string }>;
}

interface Resolved {
  name: string;
  status: string;
  scope?: string;
  instance?: string;
  revision?: number;
  reason?: string;
  secret?: { name: string };
}

const COLUMNS = [
  { header: 'NAME', value: (b: Binding) => b.name },
  { header: 'SCOPE', value: (b: Binding) => b.scopeDescription },
  { header: 'CLASS', value: (b: Binding) => b.class },
  { header: 'INSTANCE', value: (b: Binding) => b.instance },
  { header: 'ROLE', value: (b: Binding) => b.role },
  { header: 'LOCALITY', value: (b: Binding) => b.locality },
  { header: 'CREDENTIAL', value: (b: Binding) => credentialText(b.credential) },
  { header: 'REVISION', value: (b: Binding) => b.revision },
  { header: 'ID', value: (b: Binding) => b.id },
];

const RESOLVED_COLUMNS = [
  { header: 'NAME', value: (r: Resolved) => r.name },
  { header: 'STATUS', value: (r: Resolved) => r.status },
  { header: 'SCOPE', value: (r: Resolved) => r.scope },
  { header: 'INSTANCE', value: (r: Resolved) => r.instance },
  { header: 'REVISION', value: (r: Resolved) => r.revision },
  { header: 'SECRET', value: (r: Resolved) => r.secret?.name },
  { header: 'REASON', value: (r: Resolved) => r.reason },
];

const readyOf = (s: BindingStatus) => s.conditions.find((condition) => condition.type === 'Ready');
const STATUS_COLUMNS = [
  { header: 'BINDING', value: (s: BindingStatus) => s.binding },
  { header: 'CLUSTER', value: (s: BindingStatus) => s.cluster },
  { header: 'READY', value: (s: BindingStatus) => readyOf(s)?.status },
  { header: 'REASON', value: (s: BindingStatus) => readyOf(s)?.reason },
  { header: 'DESIRED', value: (s: BindingStatus) => s.desired?.revision ?? '-' },
  { header: 'APPLIED', value: (s: BindingStatus) => s.applied?.revision ?? '-' },
  { header: 'MESSAGE', value: (s: BindingStatus) => readyOf(s)?.message },
];

interface SetOptions {
  class: string;
  instance: string;
  scope: string;
  role?: string;
  locality?: string;
  credentialFile?: string;
  credentialRef?: string;
  expiresAt?: string;
  workload?: string[];
  workloadSelector?: string;
  env?: string[];
  wait?: boolean;
}

const bindingsPath = (app: string, ...rest: string[]) =>
  ['v1/applications', app, 'bindings', ...rest]
    .map((part, index) => (index ? encodeURIComponent(part) : part))
    .join('/');

export function registerBindingCommands(program: Command, cli: CliContext): void {
  const bindings = program.command('bindings').description("An application's managed-service bindings");
  bindings
    .command('set')
    .description('Set the binding of a name for one scope (created, or a new revision of the one for that scope)')
    .argument('<app>')
    .argument('<name>', 'the binding name (the Secret is <app>-<name>, mounted at /bindings/<name>)')
    .requiredOption('--class <class>', 'postgresql, mysql, redis, s3, ...')
    .requiredOption('--instance <instance>', 'a service instance of the application team')
    .option('--scope <scope>', 'default, cluster=NAME, labels=K=V[,K=V], region=R, cloud=C or environment=E', 'default')
    .option('--role <role>', 'primary or replica')
    .option('--locality <policy>', 'any, same-region or same-cloud')
    .option('--credential-file <file>', 'a JSON object of credential fields kept encrypted, or - for stdin')
    .option('--credential-ref <reference>', 'a cloud secret to read when rendering (a Secrets Manager ARN, ...)')
    .option('--expires-at <time>', 'with --credential-file: when the credential stops working (ISO 8601)')
    .option('--workload <kind/name...>', 'only these workloads, e.g. Deployment/web (default: all)')
    .option('--workload-selector <K=V,...>', 'only the workloads with these labels')
    .option('--env <VAR=key...>', 'also expose a Secret entry as an environment variable')
    .option('--wait', 'follow the deployments the change started until they end; exit non-zero unless all succeeded')
    .action(async (app: string, name: string, options: SetOptions) => {
      const body = await bindingBody(options);
      const client = await cli.client();
      const changed = await client.put<Binding & { rollout: Rollout }>(bindingsPath(app, name), body);
      cli.print(changed, COLUMNS);
      if (cli.format === 'table') printRollout(changed.rollout);
      if (!options.wait) return;
      for (const started of changed.rollout.deployments) {
        const final = await follow(client, started.id);
        if (final.state !== 'Succeeded') process.exitCode = 1;
      }
    });
  bindings
    .command('list')
    .description("List an application's bindings, every name and scope")
    .argument('<app>')
    .action(async (app: string) =>
      cli.print((await (await cli.client()).get<{ items: Binding[] }>(bindingsPath(app))).items, COLUMNS),
    );
  bindings
    .command('get')
    .description('Show the bindings of one name, every scope')
    .argument('<app>')
    .argument('<name>')
    .action(async (app: string, name: string) =>
      cli.print((await (await cli.client()).get<{ items: Binding[] }>(bindingsPath(app, name))).items, COLUMNS),
    );
  bindings
    .command('resolve')
    .description('What a cluster would get: each binding resolved and explained, credential values redacted')
    .argument('<app>')
    .requiredOption('--cluster <cluster>')
    .action(async (app: string, options: { cluster: string }) => {
      const resolution = await (
        await cli.client()
      ).get<{ bindings: Resolved[] }>(bindingsPath(app, 'resolve'), { cluster: options.cluster });
      if (cli.format === 'table') cli.print(resolution.bindings, RESOLVED_COLUMNS);
      else cli.print(resolution, []);
    });
  bindings
    .command('status')
    .description('Per binding and cluster: the revision resolution gives, the one applied, and whether it is Ready')
    .argument('<app>')
    .option('--binding <name>', 'only this binding name')
    .option('--cluster <cluster>', 'only this cluster (shown even where the application is not deployed)')
    .action(async (app: string, options: { binding?: string; cluster?: string }) => {
      const status = await (
        await cli.client()
      ).get<{ items: BindingStatus[] }>(`v1/applications/${encodeURIComponent(app)}/binding-status`, {
        binding: options.binding,
        cluster: options.cluster,
      });
      if (cli.format === 'table') cli.print(status.items, STATUS_COLUMNS);
      else cli.print(status, []);
    });
  bindings
    .command('rm')
    .description('Remove every binding of a name, or the one for a scope with --id')
    .argument('<app>')
    .argument('<name>')
    .option('--id <id>', 'only the binding with this id (see `bindings get`)')
    .action(async (app: string, name: string, options: { id?: string }) => {
      const path = options.id ? bindingsPath(app, name, options.id) : bindingsPath(app, name);
      cli.print((await (await cli.client()).delete<{ items: Binding[] }>(path)).items, COLUMNS);
    });
}

async function bindingBody(options: SetOptions): Promise<Record<string, unknown>> {
  if (options.credentialFile && options.credentialRef)
    throw new UsageError('give --credential-file or --credential-ref, not both');
  if (options.expiresAt && !options.credentialFile) throw new UsageError('--expires-at needs --credential-file');
  if (options.workload && options.workloadSelector)
    throw new UsageError('give --workload or --workload-selector, not both');
  return {
    class: options.class,
    instance: options.instance,
    scope: parseScope(options.scope),
    role: options.role,
    locality: options.locality,
    credential: options.credentialFile
      ? {
          type: 'stored',
          fields: await readCredential(options.credentialFile, '--credential-file'),
          expiresAt: options.expiresAt,
        }
      : options.credentialRef
        ? { type: 'cloud-secret', reference: options.credentialRef }
        : { type: 'none' },
    workloads: options.workload
      ? { type: 'names', names: options.workload.map(parseWorkload) }
      : options.workloadSelector
        ? { type: 'labels', selector: { matchLabels: parsePairs(options.workloadSelector, '--workload-selector') } }
        : { type: 'all' },
    env: (options.env ?? []).map((pair) => {
      const [variable, key] = splitPair(pair, '--env');
      return { name: variable, key };
    }),
  };
}

/** `default`, or `level=value`; `labels=k=v,k2=v2` is a matchLabels selector. */
export function parseScope(text: string): Record<string, unknown> {
  if (text === 'default') return { level: 'default' };
  const [level, value] = splitPair(text, '--scope');
  switch (level) {
    case 'labels':
      return { level, selector: { matchLabels: parsePairs(value, '--scope') } };
    case 'cluster':
    case 'region':
    case 'cloud':
    case 'environment':
      return { level, [level]: value };
    default:
      throw new UsageError(
        `--scope: unknown level "${level}" (default, cluster, labels, region, cloud or environment)`,
      );
  }
}

function parseWorkload(text: string): { kind: string; name: string } {
  const index = text.indexOf('/');
  if (index <= 0 || index === text.length - 1)
    throw new UsageError(`--workload "${text}" must be kind/name, e.g. Deployment/web`);
  return { kind: text.slice(0, index), name: text.slice(index + 1) };
}

function parsePairs(text: string, flag: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((pair) => splitPair(pair, flag)));
}

function splitPair(text: string, flag: string): [string, string] {
  const index = text.indexOf('=');
  if (index <= 0) throw new UsageError(`${flag} "${text}" must be key=value`);
  return [text.slice(0, index), text.slice(index + 1)];
}

/** Below the table: what the change started, so a person can follow it (`deployments get ID`). */
function printRollout(rollout: Rollout): void {
  for (const started of rollout.deployments)
    process.stdout.write(
      `started deployment ${started.id} of ${started.release} on ${started.clusters.join(', ')} (${rollout.cause ?? ''})\n`,
    );
  for (const skipped of rollout.notRolled)
    process.stdout.write(`not rolled out to ${skipped.cluster} (${skipped.outcome}): ${skipped.reason}\n`);
}

function credentialText(credential: Binding['credential']): string {
  if (credential.type === 'stored') return `stored v${credential.version ?? '?'}`;
  if (credential.type === 'cloud-secret') return `cloud-secret ${credential.reference ?? ''}`;
  return credential.type;
}
