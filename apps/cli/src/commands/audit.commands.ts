import { Command } from 'commander';
import { CliContext } from '../cli-context';
import { parseCount } from './tokens.commands';

interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  team: string | null;
  requestId: string | null;
}

const COLUMNS = [
  { header: 'AT', value: (e: AuditEvent) => e.at },
  { header: 'ACTOR', value: (e: AuditEvent) => e.actor },
  { header: 'ACTION', value: (e: AuditEvent) => e.action },
  { header: 'RESOURCE', value: (e: AuditEvent) => `${e.resourceType}/${e.resourceId}` },
  { header: 'TEAM', value: (e: AuditEvent) => e.team ?? '' },
  { header: 'REQUEST', value: (e: AuditEvent) => e.requestId ?? '' },
];

export function registerAuditCommands(program: Command, cli: CliContext): void {
  const audit = program.command('audit').description('Read the audit log');
  audit
    .command('list')
    .description('List audit events, newest first')
    .option('--action <action>', 'e.g. token.create')
    .option('--resource-type <type>', 'e.g. token')
    .option('--resource-id <id>')
    .option('--actor <actor>', 'e.g. token:<id>')
    .option('--team <team>')
    .option('--request-id <id>')
    .option('--since <time>', 'ISO 8601, inclusive')
    .option('--until <time>', 'ISO 8601, exclusive')
    .option('--max <n>', 'at most this many', parseCount, 100)
    .action(async (options: Record<string, string> & { max: number }) => {
      const { max, ...filters } = options;
      cli.print(await (await cli.client()).all<AuditEvent>('v1/audit', filters, max), COLUMNS);
    });
}
