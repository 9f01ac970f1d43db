import { Command } from 'commander';
import { ApiClient } from '../api-client';
import { configPath, readConfig, writeConfig } from '../config-store';
import { CliContext } from '../cli-context';

interface WhoAmI {
  tokenId: string;
  tokenName: string;
  team: string;
  role: string;
  platformAdmin: boolean;
}

const WHOAMI_COLUMNS = [
  { header: 'TOKEN', value: (w: WhoAmI) => w.tokenName },
  { header: 'ID', value: (w: WhoAmI) => w.tokenId },
  { header: 'TEAM', value: (w: WhoAmI) => w.team },
  { header: 'ROLE', value: (w: WhoAmI) => w.role },
  { header: 'PLATFORM-ADMIN', value: (w: WhoAmI) => w.platformAdmin },
];

export function registerAuthCommands(program: Command, cli: CliContext): void {
  program
    .command('login')
    .description('Check a token against a control plane and remember both (in a 0600 file)')
    .requiredOption('--url <url>', 'the control plane, e.g. http://localhost:8080')
    .requiredOption('--token <token>', 'an API token')
    .action(async (options: { url: string; token: string }) => {
      const whoami = await new ApiClient(options).get<WhoAmI>('v1/whoami');
      await writeConfig({ ...(await readConfig()), url: options.url, token: options.token });
      if (cli.format === 'table')
        process.stdout.write(
          `logged in to ${options.url} as ${whoami.tokenName} (${whoami.team}/${whoami.role}); saved to ${configPath()}\n`,
        );
      else cli.print(whoami, WHOAMI_COLUMNS);
    });

  program
    .command('whoami')
    .description('Show the token in use: its name, team and role')
    .action(async () => cli.print(await (await cli.client()).get<WhoAmI>('v1/whoami'), WHOAMI_COLUMNS));
}
