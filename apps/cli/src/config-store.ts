import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CliConfig {
  url?: string;
  token?: string;
}

export interface ResolvedTarget {
  url: string;
  token: string;
}

/** `FLEETPLANE_CONFIG`, else `$XDG_CONFIG_HOME/fleetplane/config.json`, else `~/.config/fleetplane/config.json`. */
export function configPath(env = process.env): string {
  if (env.FLEETPLANE_CONFIG) return env.FLEETPLANE_CONFIG;
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'fleetplane', 'config.json');
}

export async function readConfig(path = configPath()): Promise<CliConfig> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CliConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The file holds a token, so only its owner may read it, whatever the umask. */
export async function writeConfig(config: CliConfig, path = configPath()): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** The environment overrides the file, so CI jobs need no login. */
export async function resolveTarget(env = process.env): Promise<ResolvedTarget> {
  const stored = await readConfig(configPath(env));
  const url = env.FLEETPLANE_URL ?? stored.url;
  const token = env.FLEETPLANE_TOKEN ?? stored.token;
  if (!url || !token)
    throw new UsageError(
      'not logged in: run `fleetplane login --url URL --token TOKEN` or set FLEETPLANE_URL and FLEETPLANE_TOKEN',
    );
  return { url, token };
}

/** A mistake in how the command was called (exit code 2), as opposed to an error the server reported. */
export class UsageError extends Error {}
