import { deploymentStates, terminalDeploymentStates } from '@fleetplane/fanout';
import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { ApiClient, ApiProblemError, ConnectionError } from '../api-client';
import { CliContext } from '../cli-context';
import { UsageError } from '../config-store';
import { formatDuration } from '../durations';
import { ServerSentEvent } from '../event-stream';
import { ProgressPrinter, TargetProgress } from '../progress';
import { parseCount, parseSeconds } from './tokens.commands';

interface Deployment {
  id: string;
  application: string;
  release: string;
  kind: string;
  state: string;
  reason: string;
  summary: Record<string, number>;
  targets: Target[];
  createdAt: string;
}

/** How long a cluster's latest attempt spent in each step (null: not reached yet). */
interface TargetTimings {
  queueMs: number | null;
  applyMs: number | null;
  waitReadyMs: number | null;
  totalMs: number | null;
}

interface Target extends TargetProgress {
  timings: TargetTimings;
}

const FAILED_TARGET_STATES = ['Failed', 'RollbackFailed'];
/** Reconnections in a row that bring no event before following gives up. */
const STREAM_ATTEMPTS = 10;
const COLUMNS = [
  { header: 'ID', value: (d: Deployment) => d.id },
  { header: 'APPLICATION', value: (d: Deployment) => d.application },
  { header: 'RELEASE', value: (d: Deployment) => d.release },
  { header: 'STATE', value: (d: Deployment) => d.state },
  {
    header: 'CLUSTERS',
    value: (d: Deployment) =>
      Object.entries(d.summary)
        .map(([state, count]) => `${state}=${count}`)
        .join(','),
  },
  { header: 'REASON', value: (d: Deployment) => d.reason },
];

export function registerDeployCommands(program: Command, cli: CliContext): void {
  const apps = program.command('apps').description('Create and list applications');
  apps
    .command('create')
    .argument('<name>')
    .requiredOption('--namespace <ns>', 'default namespace of its objects')
    .option('--team <team>')
    .option('--auto-reconcile', 're-apply drifted objects automatically')
    .action(async (name: string, options: { namespace: string; team?: string; autoReconcile?: boolean }) =>
      cli.print(
        await (
          await cli.client()
        ).post<Record<string, unknown>>('v1/applications', {
          name,
          defaultNamespace: options.namespace,
          team: options.team,
          autoReconcile: options.autoReconcile,
        }),
        [
          { header: 'NAME', value: (a: Record<string, unknown>) => String(a.name) },
          { header: 'TEAM', value: (a: Record<string, unknown>) => String(a.team) },
          { header: 'NAMESPACE', value: (a: Record<string, unknown>) => String(a.defaultNamespace) },
        ],
      ),
    );

  apps
    .command('update')
    .argument('<name>')
    .option('--auto-reconcile', 're-apply drifted objects automatically')
    .option('--no-auto-reconcile', 'only report drift')
    .action(async (name: string, options: { autoReconcile?: boolean }) => {
      if (options.autoReconcile === undefined)
        throw new UsageError('nothing to change: pass --auto-reconcile or --no-auto-reconcile');
      cli.print(
        await (
          await cli.client()
        ).patch<Record<string, unknown>>(`v1/applications/${encodeURIComponent(name)}`, {
          autoReconcile: options.autoReconcile,
        }),
        [
          { header: 'NAME', value: (a: Record<string, unknown>) => String(a.name) },
          { header: 'AUTO-RECONCILE', value: (a: Record<string, unknown>) => String(a.autoReconcile) },
        ],
      );
    });

  program
    .command('release')
    .description(
      'Create an immutable release of an application from a manifest file (multi-document YAML or a JSON list)',
    )
    .argument('<application>')
    .argument('<version>')
    .requiredOption('-f, --file <file>', 'the manifests')
    .action(async (application: string, version: string, options: { file: string }) => {
      const text = await readFile(options.file, 'utf8').catch((error: Error) => {
        throw new UsageError(`cannot read ${options.file}: ${error.message}`);
      });
      const manifests = options.file.endsWith('.json') ? JSON.parse(text) : text;
      cli.print(
        await (
          await cli.client()
        ).post<Record<string, unknown>>(`v1/applications/${encodeURIComponent(application)}/releases`, {
          version,
          manifests,
        }),
        [
          { header: 'APPLICATION', value: (r: Record<string, unknown>) => String(r.application) },
          { header: 'VERSION', value: (r: Record<string, unknown>) => String(r.version) },
          { header: 'OBJECTS', value: (r: Record<string, unknown>) => String(r.objectCount) },
          { header: 'HASH', value: (r: Record<string, unknown>) => String(r.contentHash) },
        ],
      );
    });

  program
    .command('deploy')
    .description('Fan a release out to the clusters the placement selects')
    .argument('<application>')
    .argument('<version>')
    .option('-l, --selector <selector>', 'cluster label selector, e.g. tier=web')
    .option('--clouds <list>', 'comma-separated: aws,gcp,azure')
    .option('--regions <list>', 'comma-separated regions')
    .option('--environments <list>', 'comma-separated environments')
    .option('--clusters <list>', 'comma-separated cluster names')
    .option(
      '--spec <file>',
      'a JSON file with placement, overrides, imageRewrites and strategy (flags override its placement)',
    )
    .option('--max-concurrency <n>', 'clusters at a time (all at once strategy)', parseCount)
    .option(
      '--fail-fast <seconds>',
      'fail a cluster whose new pods crash-loop or cannot pull their image, or that stays unreachable, this long (0: wait for the deadline)',
      parseSeconds,
    )
    .option('--wait', 'follow the rollout until it ends; exit non-zero unless it succeeded')
    .action(async (application: string, version: string, options: DeployOptions) => {
      const client = await cli.client();
      const spec = options.spec ? (JSON.parse(await readFile(options.spec, 'utf8')) as Record<string, unknown>) : {};
      const placement = { ...((spec.placement as Record<string, unknown>) ?? {}), ...placementFrom(options) };
      const strategy = options.maxConcurrency
        ? { type: 'AllAtOnce', maxConcurrency: options.maxConcurrency }
        : spec.strategy;
      const created = await client.post<Deployment>('v1/deployments', {
        ...spec,
        application,
        release: version,
        placement,
        strategy,
        ...(options.failFast === undefined ? {} : { failFastSeconds: options.failFast }),
      });
      if (!options.wait) return cli.print(created, COLUMNS);
      const final = await follow(client, created.id);
      if (cli.format !== 'table') cli.print(final, COLUMNS);
      if (final.state !== 'Succeeded') process.exitCode = 1;
    });

  const deployments = program.command('deployments').description('Follow and steer deployments');
  deployments
    .command('list')
    .option('--application <name>')
    .addOption(new Option('--state <state>').choices(deploymentStates))
    .option('--max <n>', 'at most this many', parseCount, 100)
    .action(async (options: { application?: string; state?: string; max: number }) => {
      const { max, ...filters } = options;
      cli.print(await (await cli.client()).all<Deployment>('v1/deployments', filters, max), COLUMNS);
    });
  deployments
    .command('get')
    .argument('<id>')
    .action(async (id: string) => {
      const deployment = await (await cli.client()).get<Deployment>(`v1/deployments/${encodeURIComponent(id)}`);
      if (cli.format !== 'table') return cli.print(deployment, COLUMNS);
      cli.print(deployment, COLUMNS);
      cli.print(deployment.targets, [
        { header: 'CLUSTER', value: (t: Target) => t.cluster },
        { header: 'CLOUD', value: (t: Target) => t.cloud },
        { header: 'WAVE', value: (t: Target) => t.wave },
        { header: 'STATE', value: (t: Target) => t.state },
        { header: 'QUEUED', value: (t: Target) => formatDuration(t.timings.queueMs) },
        { header: 'APPLY', value: (t: Target) => formatDuration(t.timings.applyMs) },
        { header: 'READY-WAIT', value: (t: Target) => formatDuration(t.timings.waitReadyMs) },
        { header: 'TOTAL', value: (t: Target) => formatDuration(t.timings.totalMs) },
        { header: 'ERROR', value: (t: Target) => t.lastError },
      ]);
    });
  deployments
    .command('watch')
    .description('Follow a deployment until it ends')
    .argument('<id>')
    .action(async (id: string) => {
      const final = await follow(await cli.client(), id);
      if (final.state !== 'Succeeded') process.exitCode = 1;
    });
  for (const action of ['pause', 'resume', 'cancel', 'approve'] as const) {
    deployments
      .command(action)
      .argument('<id>')
      .action(async (id: string) =>
        cli.print(
          await (await cli.client()).post<Deployment>(`v1/deployments/${encodeURIComponent(id)}/${action}`),
          COLUMNS,
        ),
      );
  }
  deployments
    .command('rollback')
    .description('Deploy the previous (or a named) release to the same clusters')
    .argument('<id>')
    .option('--release <version>')
    .option('--wait', 'follow the rollback until it ends')
    .action(async (id: string, options: { release?: string; wait?: boolean }) => {
      const client = await cli.client();
      const created = await client.post<Deployment>(`v1/deployments/${encodeURIComponent(id)}/rollback`, {
        release: options.release,
      });
      if (!options.wait) return cli.print(created, COLUMNS);
      const final = await follow(client, created.id);
      if (final.state !== 'Succeeded') process.exitCode = 1;
    });

  program
    .command('drift')
    .description("Check an application's clusters for drift from what was applied")
    .argument('<application>')
    .action(async (application: string) => {
      const report = await (
        await cli.client()
      ).post<
        Array<{
          cluster: string;
          inSync: boolean;
          reconciled: boolean;
          error?: string;
          objects: Array<{
            kind: string;
            name: string;
            missing: boolean;
            fields: Array<{ path: string; expected: unknown; actual: unknown }>;
          }>;
        }>
      >(`v1/applications/${encodeURIComponent(application)}/drift/check`);
      const rows = report.flatMap((entry) => {
        const state = entry.error ? 'unknown' : entry.inSync ? 'in sync' : entry.reconciled ? 'reconciled' : 'drifted';
        return entry.objects.length === 0
          ? [{ cluster: entry.cluster, object: '', field: entry.error ?? '', expected: '', actual: '', state }]
          : entry.objects.flatMap((object) =>
              (object.missing ? [{ path: '(missing)', expected: '', actual: '' }] : object.fields).map((field) => ({
                cluster: entry.cluster,
                object: `${object.kind}/${object.name}`,
                field: field.path,
                expected: JSON.stringify(field.expected),
                actual: JSON.stringify(field.actual),
                state,
              })),
            );
      });
      cli.print(rows, [
        { header: 'CLUSTER', value: (r) => r.cluster },
        { header: 'OBJECT', value: (r) => r.object },
        { header: 'FIELD', value: (r) => r.field },
        { header: 'EXPECTED', value: (r) => r.expected },
        { header: 'ACTUAL', value: (r) => r.actual },
        { header: 'STATE', value: (r) => r.state },
      ]);
    });
}

interface DeployOptions {
  selector?: string;
  clouds?: string;
  regions?: string;
  environments?: string;
  clusters?: string;
  spec?: string;
  maxConcurrency?: number;
  failFast?: number;
  wait?: boolean;
}

function placementFrom(options: DeployOptions): Record<string, unknown> {
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  const placement: Record<string, unknown> = {};
  if (options.selector)
    placement.selector = {
      matchLabels: Object.fromEntries(
        options.selector.split(',').map((pair) => pair.split('=', 2) as [string, string]),
      ),
    };
  if (options.clouds) placement.clouds = list(options.clouds);
  if (options.regions) placement.regions = list(options.regions);
  if (options.environments) placement.environments = list(options.environments);
  if (options.clusters) placement.clusters = list(options.clusters);
  return placement;
}

/**
 * Shows a deployment's progress until it is final. It reads the event stream rather than polling: a GET
 * serializes every target, ~100 ms of server CPU for a thousand clusters, where an event carries one change.
 */
function isFinal(state: string): boolean {
  return terminalDeploymentStates.some((final) => final === state);
}

export async function follow(client: ApiClient, id: string): Promise<Deployment> {
  const path = `v1/deployments/${encodeURIComponent(id)}`;
  const printer = new ProgressPrinter(process.stdout);
  const show = (view: Deployment) => printer.update(view.state, view.reason, view.targets);
  const initial = await client.get<Deployment>(path);
  const finish = (view: Deployment) => printer.finish(view.state, view.reason, view.targets);
  printer.begin(`${initial.kind} ${initial.id}: ${initial.application} ${initial.release}`);
  if (isFinal(initial.state)) {
    finish(initial);
    return initial;
  }
  show(initial);
  const live = new LiveDeployment(initial);
  let failures = 0;
  for (;;) {
    const resumedAfter = live.lastEventId;
    let cause: string;
    try {
      const serverError = await applyStream(client.events(`${path}/events`, resumedAfter), live, () => show(live.view));
      // The stream also ends when the server fails mid-way, so only the deployment itself says it is over.
      const final = await client.get<Deployment>(path);
      if (isFinal(final.state)) {
        finish(final);
        return final;
      }
      cause = serverError ?? `the stream ended while the deployment was ${final.state}`;
    } catch (error) {
      if (!isTransient(error)) throw error;
      cause = (error as Error).message;
    }
    // A connection that brought events before it broke was progress: only the ones that bring nothing add up.
    failures = live.lastEventId === resumedAfter ? failures + 1 : 1;
    if (failures >= STREAM_ATTEMPTS)
      throw new Error(`lost the event stream of deployment ${id} ${failures} times in a row: ${cause}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (failures - 1), 5_000)));
  }
}

/** Applies one connection's events to `live`, redrawing after each burst; returns the error the server sent, if any. */
async function applyStream(
  stream: AsyncIterable<ServerSentEvent[]>,
  live: LiveDeployment,
  redraw: () => void,
): Promise<string | undefined> {
  let serverError: string | undefined;
  for await (const events of stream) {
    for (const event of events) {
      if (event.type === 'error') serverError = event.data;
      else live.apply(event);
    }
    redraw();
  }
  return serverError;
}

/** A restarting server, or its proxy, answers 5xx or drops the connection; a 4xx would only come again. */
function isTransient(error: unknown): boolean {
  return error instanceof ConnectionError || (error instanceof ApiProblemError && error.problem.status >= 500);
}

/** The deployment as its events moved it since the GET it started from. */
class LiveDeployment {
  /**
   * Where to resume: the id of the last deployment or target event. Nest numbers the `error` event it
   * sends on a failure itself, from 1, so that id says nothing about the deployment's events.
   */
  lastEventId: string | undefined;
  private readonly targets: Map<string, TargetProgress>;

  constructor(readonly view: Deployment) {
    this.targets = new Map(view.targets.map((target) => [target.cluster, target]));
  }

  apply(event: ServerSentEvent): void {
    if (event.type !== 'deployment' && event.type !== 'target') return;
    const change = JSON.parse(event.data) as { subject: string; state: string; message: string };
    if (event.type === 'deployment') {
      this.view.state = change.state;
      this.view.reason = change.message;
    } else {
      const target = this.targets.get(change.subject);
      if (target) target.state = change.state;
      // The server keeps a cluster's message as its lastError only when it fails, and never clears it.
      if (target && FAILED_TARGET_STATES.includes(change.state)) target.lastError = change.message;
    }
    this.lastEventId = event.id;
  }
}
