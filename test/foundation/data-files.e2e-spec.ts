import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bearer, startControlPlane } from '../support/control-plane';

/** Every entry under `dir` (itself included) whose permission bits are not `dirMode` / `fileMode`. */
async function looseEntries(dir: string, dirMode: number, fileMode: number): Promise<string[]> {
  const loose: string[] = [];
  if (((await stat(dir)).mode & 0o777) !== dirMode) loose.push(dir);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path)).mode & 0o777;
    if (mode !== (entry.isDirectory() ? dirMode : fileMode)) loose.push(`${path} ${mode.toString(8)}`);
  }
  return loose;
}

describe('the data directory', () => {
  it('is its owner’s only, every folder 0700 and every file 0600, even under umask 000', async () => {
    const previous = process.umask(0);
    try {
      await startWriteAndStop();
    } finally {
      process.umask(previous);
    }
  });
});

async function startWriteAndStop(): Promise<void> {
  const plane = await startControlPlane('embedded');
  let running = true;
  try {
    await plane.http.post('/v1/teams').set(bearer(plane.adminToken)).send({ name: 'private' }).expect(201);
    assert.deepEqual(await looseEntries(plane.dataDir, 0o700, 0o600), [], 'while running');
    await plane.closeKeepingData();
    running = false;
    assert.deepEqual(await looseEntries(plane.dataDir, 0o700, 0o600), [], 'after stopping');
  } finally {
    if (running) await plane.closeKeepingData();
    await rm(plane.dataDir, { recursive: true, force: true });
  }
}
