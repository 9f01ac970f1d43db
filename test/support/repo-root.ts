import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest directory above this compiled file holding package-lock.json (dist/ or .build/x/). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package-lock.json'))) {
    if (dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}
