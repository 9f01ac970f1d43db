import { Command, InvalidArgumentError, Option } from 'commander';
import { CliContext } from '../cli-context';

interface Token {
  id: string;
  name: string;
  team: string;
  role: string;
  hint: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  token?: string;
}

const COLUMNS = [
  { header: 'ID', value: (t: Token) => t.id },
  { header: 'NAME', value: (t: Token) => t.name },
  { header: 'TEAM', value: (t: Token) => t.team },
  { header: 'ROLE', value: (t: Token) => t.role },
  { header: 'HINT', value: (t: Token) => t.hint },
  { header: 'EXPIRES', value: (t: Token) => t.expiresAt },
  { header: 'REVOKED', value: (t: Token) => t.revokedAt ?? '' },
];

const ROLES = ['viewer', 'operator', 'admin'];

export function registerTokenCommands(program: Command, cli: CliContext): void {
  const tokens = program.command('tokens').description('Create, list and revoke API tokens');

  tokens
    .command('create')
    .description('Create a token; it is printed once')
    .requiredOption('--name <name>', 'what the token is for')
    .addOption(new Option('--role <role>', 'its role').choices(ROLES).makeOptionMandatory())
    .option('--team <team>', "its team (default: the caller's)")
    .option('--expires-in-days <days>', 'lifetime, 1-365 (default 90)', parseDays)
    .action(async (options: { name: string; role: string; team?: string; expiresInDays?: number }) => {
      const created = await (await cli.client()).post<Token>('v1/tokens', options);
      cli.print(created, [...COLUMNS.slice(0, 4), { header: 'TOKEN (shown once)', value: (t: Token) => t.token }]);
    });

  tokens
    .command('list')
    .description('List tokens')
    .option('--team <team>', 'only this team')
    .addOption(new Option('--role <role>', 'only this role').choices(ROLES))
    .option('--include-revoked', 'include revoked tokens')
    .option('--max <n>', 'at most this many', parseCount, 1000)
    .action(async (options: { team?: string; role?: string; includeRevoked?: boolean; max: number }) => {
      const { max, ...filters } = options;
      cli.print(await (await cli.client()).all<Token>('v1/tokens', filters, max), COLUMNS);
    });

  tokens
    .command('revoke')
    .description('Revoke a token by id')
    .argument('<id>', 'the token id')
    .action(async (id: string) =>
      cli.print(await (await cli.client()).delete<Token>(`v1/tokens/${encodeURIComponent(id)}`), COLUMNS),
    );
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new InvalidArgumentError('must be a whole number from 1 to 365');
  return days;
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) throw new InvalidArgumentError('must be a whole number of seconds');
  return seconds;
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('must be a positive whole number');
  return count;
}
