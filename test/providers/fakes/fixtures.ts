import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest directory above this (compiled) file holding `package-lock.json`. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package-lock.json'))) {
    if (dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}

/** `../shared/fixtures/cloud-api` beside the repository, as CI lays it out. */
export const CLOUD_API_FIXTURES = resolve(repoRoot(), '../shared/fixtures/cloud-api');

export function readFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(resolve(CLOUD_API_FIXTURES, relativePath), 'utf8')) as T;
}
