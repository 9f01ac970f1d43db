import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../support/repo-root';

/** `../shared/fixtures/cloud-api` beside the repository, as CI lays it out. */
export const CLOUD_API_FIXTURES = resolve(repoRoot(), '../shared/fixtures/cloud-api');

export function readFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(resolve(CLOUD_API_FIXTURES, relativePath), 'utf8')) as T;
}
