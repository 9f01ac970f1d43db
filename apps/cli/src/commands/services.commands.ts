import { Command } from 'commander';
import { CliContext } from '../cli-context';
import { readCredential } from '../secret-input';
import { parseCount } from './tokens.commands';

interface Instance {
  name: string;
  team: string;
  cloud: string;
  serviceClass: string;
  product: string;
  region: string;
  endpoint?: { host: string; port?: number };
  state: string;
  nativeId: string;
}

interface ImportReport {
  discovered: number;
  registered: number;
  instances: Array<{ nativeId: string; name: string; outcome: string; reason?: string }>;
}

const COLUMNS = [
  { header: 'NAME', value: (i: Instance) => i.name },
  { header: 'TEAM', value: (i: Instance) => i.team },
  { header: 'CLASS', value: (i: Instance) => i.serviceClass },
  { header: 'PRODUCT', value: (i: Instance) => `${i.cloud}/${i.product}` },
  { header: 'REGION', value: (i: Instance) => i.region },
  { header: 'ENDPOINT', value: (i: Instance) => endpointText(i.endpoint) },
  { header: 'STATE', value: (i: Instance) => i.state },
];

const IMPORT_COLUMNS = [
  { header: 'NAME', value: (row: ImportReport['instances'][number]) => row.name },
  { header: 'OUTCOME', value: (row: ImportReport['instances'][number]) => row.outcome },
  { header: 'NATIVE ID', value: (row: ImportReport['instances'][number]) => row.nativeId },
  { header: 'REASON', value: (row: ImportReport['instances'][number]) => row.reason },
];

const CREDENTIAL_HELP = 'a JSON file with the cloud account credential, or - for stdin (never on the command line)';

export function registerServiceCommands(program: Command, cli: CliContext): void {
  const instances = program
    .command('services')
    .description('Managed services the control plane can bind applications to')
    .command('instances')
    .description('Register, import and list managed-service instances');
  instances
    .command('register')
    .description('Register a managed service by its native id (ARN, resource id); the cloud describes it first')
    .argument('<native-id>')
    .option('--name <name>', 'default: the name the cloud gives it')
    .option('--team <team>', "default: the caller's team")
    .requiredOption('--credential <file>', CREDENTIAL_HELP)
    .action(async (nativeId: string, options: { name?: string; team?: string; credential: string }) => {
      const credential = await readCredential(options.credential, '--credential');
      const body = { nativeId, name: options.name, team: options.team, credential };
      cli.print(await (await cli.client()).post<Instance>('v1/service-instances', body), COLUMNS);
    });
  instances
    .command('import')
    .description("Discover an account's managed services and register those not registered yet")
    .requiredOption('--cloud <cloud>', 'aws, gcp or azure')
    .option('--region <region...>', 'AWS: the regions to sweep')
    .option('--team <team>', "default: the caller's team")
    .requiredOption('--credential <file>', CREDENTIAL_HELP)
    .action(async (options: { cloud: string; region?: string[]; team?: string; credential: string }) => {
      const credential = await readCredential(options.credential, '--credential');
      const body = { cloud: options.cloud, regions: options.region, team: options.team, credential };
      const report = await (await cli.client()).post<ImportReport>('v1/service-instances:import', body);
      if (cli.format !== 'table') return cli.print(report, []);
      cli.print(report.instances, IMPORT_COLUMNS);
      process.stdout.write(`discovered ${report.discovered}, registered ${report.registered}\n`);
    });
  instances
    .command('list')
    .description('List the service instances you can see')
    .option('--max <n>', 'at most this many', parseCount, 1000)
    .action(async (options: { max: number }) =>
      cli.print(await (await cli.client()).all<Instance>('v1/service-instances', {}, options.max), COLUMNS),
    );
  instances
    .command('get')
    .description('Show one service instance')
    .argument('<name>')
    .action(async (name: string) =>
      cli.print(await (await cli.client()).get<Instance>(`v1/service-instances/${encodeURIComponent(name)}`), COLUMNS),
    );
}

function endpointText(endpoint: Instance['endpoint']): string {
  if (!endpoint) return '';
  return endpoint.port ? `${endpoint.host}:${endpoint.port}` : endpoint.host;
}
