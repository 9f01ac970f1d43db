import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readState, writeState } from './state-file';

describe('the sandbox state file', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'sandbox-state-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('is readable by its owner only, whatever the umask, because it holds tokens and private keys', async () => {
    const path = join(dir, 'state.json');
    const previous = process.umask(0);
    try {
      await writeState(path, {});
      assert.equal((await stat(path)).mode & 0o777, 0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('narrows a file left readable by others when it is written again', async () => {
    const path = join(dir, 'loose.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await writeFile(`${path}.${process.pid}.tmp`, '', { mode: 0o666 });
    await writeState(path, {});
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readState(path), {});
  });
});
