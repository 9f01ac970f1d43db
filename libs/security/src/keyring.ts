import { KeyObject, createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  keyId: string;
  sealed: Buffer;
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`secret is encrypted under key ${keyId}, which is not configured (FLEETPLANE_PREVIOUS_ENCRYPTION_KEYS)`);
  }
}

/**
 * AES-256-GCM keys by id: one active key encrypts, every known key decrypts, so keys can rotate
 * without downtime. A key's id is derived from the key itself (a prefix of its SHA-256), never secret.
 */
export class Keyring {
  /** Imported once: a raw key given to every cipher is imported again each time, for every secret read. */
  private readonly keys = new Map<string, KeyObject>();
  readonly activeKeyId: string;

  constructor(activeKey: Buffer, previousKeys: Buffer[] = []) {
    for (const key of [activeKey, ...previousKeys]) {
      if (key.length !== 32) throw new Error('AES-256 keys are 32 bytes');
      this.keys.set(keyIdOf(key), createSecretKey(key));
    }
    this.activeKeyId = keyIdOf(activeKey);
  }

  /** `associatedData` binds the ciphertext to its owner (a row id), so it cannot be swapped into another row. */
  seal(plaintext: Buffer, associatedData: string): SealedSecret {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.activeKeyId, sealed: Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]) };
  }

  open(secret: SealedSecret, associatedData: string): Buffer {
    const key = this.keys.get(secret.keyId);
    if (!key) throw new UnknownKeyError(secret.keyId);
    const nonce = secret.sealed.subarray(0, NONCE_BYTES);
    const tag = secret.sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(secret.sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * The active key: the configured one, else the key file, created (0600) on first start so the embedded
 * default works with no configuration and keeps its secrets readable across restarts.
 */
export async function loadActiveKey(configured: string | undefined, keyFile: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'base64');
  try {
    const stored = Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64');
    if (stored.length !== 32) throw new Error(`${keyFile} does not hold a base64-encoded 32-byte key`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  await chmod(dirname(keyFile), 0o700);
  await writeFile(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(keyFile, 0o600);
  return key;
}
