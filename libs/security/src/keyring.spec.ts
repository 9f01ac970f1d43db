import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Keyring, UnknownKeyError, keyIdOf, loadActiveKey } from './keyring';

describe('Keyring', () => {
  const plaintext = Buffer.from('{"secretAccessKey":"wJalrXUtnFEMI"}');

  it('seals under the active key and opens what it sealed', () => {
    const keyring = new Keyring(randomBytes(32));
    const sealed = keyring.seal(plaintext, 'row-1');
    assert.equal(sealed.keyId, keyring.activeKeyId);
    assert.equal(sealed.sealed.includes(plaintext), false);
    assert.deepEqual(keyring.open(sealed, 'row-1'), plaintext);
  });

  it('refuses a ciphertext moved to another row', () => {
    const keyring = new Keyring(randomBytes(32));
    const sealed = keyring.seal(plaintext, 'row-1');
    assert.throws(() => keyring.open(sealed, 'row-2'), /authenticate/);
  });

  it('refuses a tampered ciphertext', () => {
    const keyring = new Keyring(randomBytes(32));
    const sealed = keyring.seal(plaintext, 'row-1');
    sealed.sealed[sealed.sealed.length - 1] ^= 1;
    assert.throws(() => keyring.open(sealed, 'row-1'), /authenticate/);
  });

  it('opens secrets sealed under a previous key after rotation, and seals new ones under the new key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedBefore = new Keyring(oldKey).seal(plaintext, 'row-1');
    const rotated = new Keyring(newKey, [oldKey]);
    assert.deepEqual(rotated.open(sealedBefore, 'row-1'), plaintext);
    assert.equal(rotated.seal(plaintext, 'row-1').keyId, keyIdOf(newKey));
  });

  it('names the missing key when a secret is under a key it does not have', () => {
    const sealed = new Keyring(randomBytes(32)).seal(plaintext, 'row-1');
    assert.throws(() => new Keyring(randomBytes(32)).open(sealed, 'row-1'), UnknownKeyError);
  });
});

describe('loadActiveKey', () => {
  it('creates a key file readable only by its owner, and reads the same key back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetplane-key-'));
    const keyFile = join(dir, 'nested', 'encryption.key');
    const created = await loadActiveKey(undefined, keyFile);
    assert.equal(created.length, 32);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.deepEqual(await loadActiveKey(undefined, keyFile), created);
    assert.equal((await readFile(keyFile, 'utf8')).trim(), created.toString('base64'));
  });

  it('prefers the configured key to the key file', async () => {
    const configured = randomBytes(32);
    const dir = await mkdtemp(join(tmpdir(), 'fleetplane-key-'));
    assert.deepEqual(await loadActiveKey(configured.toString('base64'), join(dir, 'encryption.key')), configured);
  });
});
