import { Command } from 'commander';
import { ApiClient } from '../api-client';
import { UsageError, configPath, readConfig, writeConfig } from '../config-store';
import { CliContext } from '../cli-context';
import { signInWithSso } from '../sso-login';

interface WhoAmI {
  tokenId: string;
  /** The token's name, or the signed-in person's. */
  tokenName: string;
  /** `token:<id>` or `user:<email>`: in `-o json` and `-o yaml`. */
  actor: string;
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
    .description('Sign in to a control plane with a token or through single sign-on, and remember it (in a 0600 file)')
    .requiredOption('--url <url>', 'the control plane, e.g. http://localhost:8080')
    .option('--token <token>', 'an API token')
    .option('--sso', "sign in through the control plane's identity provider, in a browser")
    .action(async (options: { url: string; token?: string; sso?: boolean }) => {
      if (Boolean(options.token) === Boolean(options.sso))
        throw new UsageError('give exactly one of --token and --sso');
      const token = options.token ?? (await signInWithSso(options.url, announceSignIn)).token;
      const whoami = await new ApiClient({ url: options.url, token }).get<WhoAmI>('v1/whoami');
      await writeConfig({ ...(await readConfig()), url: options.url, token });
      if (cli.format === 'table')
        process.stdout.write(
          `logged in to ${options.url} as ${whoami.tokenName} (${whoami.team}/${whoami.role}); saved to ${configPath()}\n`,
        );
      else cli.print(whoami, WHOAMI_COLUMNS);
    });

  program
    .command('logout')
    .description('End the single sign-on session in use (API tokens are revoked with `tokens revoke`)')
    .action(async () => {
      await (await cli.client()).post('v1/auth/logout');
      process.stdout.write('signed out: the session is revoked\n');
    });

  program
    .command('whoami')
    .description('Show the token in use: its name, team and role')
    .action(async () => cli.print(await (await cli.client()).get<WhoAmI>('v1/whoami'), WHOAMI_COLUMNS));
}

/** On stderr, so that `-o json` output on stdout stays parseable. */
function announceSignIn(url: string): void {
  process.stderr.write(
    `Open this URL in a browser to sign in:\n\n  ${url}\n\nWaiting for the sign-in to finish (a refusal shows in the browser; Ctrl-C to give up)...\n`,
  );
}
