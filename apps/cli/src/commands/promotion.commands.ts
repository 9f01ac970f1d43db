import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { parse } from 'yaml';
import { ApiClient } from '../api-client';
import { CliContext } from '../cli-context';
import { UsageError } from '../config-store';

interface Environment {
  name: string;
  team: string;
  bindingsEnvironment: string;
  placement: object;
  strategy: { type: string };
  freezeWindows: unknown[];
}

interface EnvironmentRelease {
  application: string;
  release: string;
  promotionId: string | null;
  pinned: boolean;
  pinnedBy: string | null;
  pinReason: string | null;
}

interface ReleaseDifference {
  application: string;
  left: { release: string } | null;
  right: { release: string } | null;
  same: boolean;
}

interface Promotion {
  id: string;
  from: string;
  to: string;
  state: string;
  reason: string;
  requestedBy: string;
  items: Array<{ application: string; release: string; deploymentId: string | null }>;
  gateResults: Array<{ gate: string; status: string; reason: string }>;
}

interface Pipeline {
  application: string;
  stages: Array<{ environment: string; upstreams: string[]; autoPromote: boolean; gates: object }>;
}

const ENVIRONMENT_COLUMNS = [
  { header: 'NAME', value: (e: Environment) => e.name },
  { header: 'TEAM', value: (e: Environment) => e.team },
  { header: 'CLUSTERS', value: (e: Environment) => `environment=${e.bindingsEnvironment}` },
  { header: 'PLACEMENT', value: (e: Environment) => JSON.stringify(e.placement) },
  { header: 'STRATEGY', value: (e: Environment) => e.strategy.type },
  { header: 'FREEZES', value: (e: Environment) => e.freezeWindows.length },
];

const RELEASE_COLUMNS = [
  { header: 'APPLICATION', value: (r: EnvironmentRelease) => r.application },
  { header: 'RELEASE', value: (r: EnvironmentRelease) => r.release },
  { header: 'PINNED', value: (r: EnvironmentRelease) => (r.pinned ? `yes: ${r.pinReason}` : 'no') },
  { header: 'PROMOTION', value: (r: EnvironmentRelease) => r.promotionId ?? '' },
];

const PROMOTION_COLUMNS = [
  { header: 'ID', value: (p: Promotion) => p.id },
  { header: 'FROM', value: (p: Promotion) => p.from },
  { header: 'TO', value: (p: Promotion) => p.to },
  { header: 'RELEASES', value: (p: Promotion) => p.items.map((i) => `${i.application}@${i.release}`).join(',') },
  { header: 'STATE', value: (p: Promotion) => p.state },
  { header: 'REASON', value: (p: Promotion) => p.reason },
];

const STAGE_COLUMNS = [
  { header: 'ENVIRONMENT', value: (s: Pipeline['stages'][number]) => s.environment },
  { header: 'UPSTREAMS', value: (s: Pipeline['stages'][number]) => s.upstreams.join(',') },
  { header: 'AUTO', value: (s: Pipeline['stages'][number]) => (s.autoPromote ? 'yes' : 'no') },
  { header: 'GATES', value: (s: Pipeline['stages'][number]) => JSON.stringify(s.gates) },
];

const FINAL_STATES = ['Succeeded', 'Failed', 'Rejected', 'Expired', 'Cancelled'];
const WAIT_POLL_MS = 1_000;
const segment = encodeURIComponent;

export function registerPromotionCommands(program: Command, cli: CliContext): void {
  const envs = program.command('envs').description("The team's environments");
  envs
    .command('list')
    .action(async () =>
      cli.print(
        (await (await cli.client()).get<{ items: Environment[] }>('v1/environments')).items,
        ENVIRONMENT_COLUMNS,
      ),
    );
  envs
    .command('get')
    .argument('<name>')
    .description('An environment, and with -o table what each application runs there')
    .action(async (name: string) => {
      const client = await cli.client();
      const environment = await client.get<Environment>(`v1/environments/${segment(name)}`);
      if (cli.format !== 'table') return cli.print(environment, ENVIRONMENT_COLUMNS);
      cli.print(environment, ENVIRONMENT_COLUMNS);
      cli.print(await client.get<EnvironmentRelease[]>(`v1/environments/${segment(name)}/releases`), RELEASE_COLUMNS);
    });
  envs
    .command('diff')
    .description('Release versions per application in two environments, side by side')
    .argument('<left>')
    .argument('<right>')
    .action(async (left: string, right: string) =>
      cli.print(
        await (await cli.client()).get<ReleaseDifference[]>(`v1/environments/${segment(left)}/diff`, { with: right }),
        [
          { header: 'APPLICATION', value: (d: ReleaseDifference) => d.application },
          { header: left.toUpperCase(), value: (d: ReleaseDifference) => d.left?.release ?? '-' },
          { header: right.toUpperCase(), value: (d: ReleaseDifference) => d.right?.release ?? '-' },
          { header: 'SAME', value: (d: ReleaseDifference) => (d.same ? 'yes' : 'no') },
        ],
      ),
    );
  envs
    .command('unpin')
    .description('Let automatic promotions move an application a manual rollback pinned')
    .argument('<name>')
    .argument('<application>')
    .action(async (name: string, application: string) => {
      await (await cli.client()).post(`v1/environments/${segment(name)}/releases/${segment(application)}/unpin`);
    });

  program
    .command('promote')
    .description('Promote what an application runs in one environment into the next')
    .argument('<application...>', 'one or more applications, promoted as one unit')
    .requiredOption('--from <environment>')
    .requiredOption('--to <environment>')
    .option('--force-reason <reason>', 'admins: promote past an unhealthy release or a freeze (audited)')
    .option('--wait', 'follow the promotion until it ends; exit non-zero unless it succeeded')
    .action(
      async (applications: string[], options: { from: string; to: string; forceReason?: string; wait?: boolean }) => {
        const client = await cli.client();
        const created = await client.post<Promotion>('v1/promotions', {
          ...(applications.length === 1 ? { application: applications[0] } : { applications }),
          from: options.from,
          to: options.to,
          ...(options.forceReason ? { force: { reason: options.forceReason } } : {}),
        });
        if (!options.wait) return cli.print(created, PROMOTION_COLUMNS);
        const final = await follow(client, created.id, cli.format === 'table');
        cli.print(final, PROMOTION_COLUMNS);
        if (final.state !== 'Succeeded') process.exitCode = 1;
      },
    );

  const promotions = program.command('promotions').description('Follow and steer promotions');
  promotions
    .command('list')
    .option('--state <state>')
    .option('--to <environment>')
    .action(async (options: { state?: string; to?: string }) =>
      cli.print(
        (await (await cli.client()).get<{ items: Promotion[] }>('v1/promotions', options)).items,
        PROMOTION_COLUMNS,
      ),
    );
  promotions
    .command('get')
    .argument('<id>')
    .action(async (id: string) =>
      cli.print(await (await cli.client()).get<Promotion>(`v1/promotions/${segment(id)}`), PROMOTION_COLUMNS),
    );
  promotions
    .command('cancel')
    .argument('<id>')
    .action(async (id: string) =>
      cli.print(await (await cli.client()).post<Promotion>(`v1/promotions/${segment(id)}/cancel`), PROMOTION_COLUMNS),
    );

  const approvals = program.command('approvals').description('Promotions waiting for approval, and deciding on them');
  approvals
    .command('list')
    .action(async () =>
      cli.print(
        (await (await cli.client()).get<{ items: Promotion[] }>('v1/promotions', { state: 'AwaitingApproval' })).items,
        PROMOTION_COLUMNS,
      ),
    );
  for (const [name, path, description] of [
    ['approve', 'approve', 'Approve a promotion (not your own)'],
    ['reject', 'reject', 'Decline a promotion, with a comment'],
  ] as const)
    approvals
      .command(name)
      .description(description)
      .argument('<id>')
      .option('-m, --comment <comment>')
      .action(async (id: string, options: { comment?: string }) =>
        cli.print(
          await (
            await cli.client()
          ).post<Promotion>(`v1/promotions/${segment(id)}/${path}`, { comment: options.comment }),
          PROMOTION_COLUMNS,
        ),
      );

  const pipelines = program.command('pipelines').description("Applications' pipelines through environments");
  pipelines
    .command('set')
    .description(
      'Set a pipeline from a YAML or JSON file: { stages: [{ environment, upstreams, autoPromote, gates }] }',
    )
    .argument('<application>')
    .requiredOption('-f, --file <file>')
    .action(async (application: string, options: { file: string }) => {
      const text = await readFile(options.file, 'utf8').catch((error: Error) => {
        throw new UsageError(`cannot read ${options.file}: ${error.message}`);
      });
      const body: unknown = parse(text);
      const pipeline = await (await cli.client()).put<Pipeline>(`v1/pipelines/${segment(application)}`, body);
      printPipeline(cli, pipeline);
    });
  pipelines
    .command('get')
    .argument('<application>')
    .action(async (application: string) => {
      printPipeline(cli, await (await cli.client()).get<Pipeline>(`v1/pipelines/${segment(application)}`));
    });
}

/** A pipeline's stages as a table, or the whole pipeline as JSON or YAML. */
function printPipeline(cli: CliContext, pipeline: Pipeline): void {
  if (cli.format === 'table') cli.print(pipeline.stages, STAGE_COLUMNS);
  else cli.print(pipeline, []);
}

/** Polls the promotion until it ends, printing each new state and reason as it changes (table output only). */
async function follow(client: ApiClient, id: string, live: boolean): Promise<Promotion> {
  let seen = '';
  for (;;) {
    const promotion = await client.get<Promotion>(`v1/promotions/${segment(id)}`);
    const line = `${promotion.state}: ${promotion.reason}`;
    if (live && line !== seen) process.stdout.write(`${new Date().toISOString()}  ${line}\n`);
    seen = line;
    if (FINAL_STATES.includes(promotion.state)) return promotion;
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}
