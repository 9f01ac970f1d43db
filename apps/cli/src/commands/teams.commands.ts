import { Command } from 'commander';
import { CliContext } from '../cli-context';
import { parseCount } from './tokens.commands';

interface Team {
  name: string;
  description: string;
  createdAt: string;
}

const COLUMNS = [
  { header: 'NAME', value: (t: Team) => t.name },
  { header: 'DESCRIPTION', value: (t: Team) => t.description },
  { header: 'CREATED', value: (t: Team) => t.createdAt },
];

export function registerTeamCommands(program: Command, cli: CliContext): void {
  const teams = program.command('teams').description('Create and list teams');
  teams
    .command('create')
    .description('Create a team (platform admins)')
    .argument('<name>', 'a DNS label')
    .option('--description <text>')
    .action(async (name: string, options: { description?: string }) =>
      cli.print(await (await cli.client()).post<Team>('v1/teams', { name, ...options }), COLUMNS),
    );
  teams
    .command('list')
    .description('List the teams you can see')
    .option('--max <n>', 'at most this many', parseCount, 1000)
    .action(async (options: { max: number }) =>
      cli.print(await (await cli.client()).all<Team>('v1/teams', {}, options.max), COLUMNS),
    );
}
