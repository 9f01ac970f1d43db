import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

export type Backend = 'embedded' | 'postgres';

/**
 * The databases the end-to-end suites run against: always the embedded one, and the PostgreSQL server in
 * DATABASE_URL when set. Under CI the server run is mandatory, so a missing DATABASE_URL fails loudly.
 */
export function backends(): Backend[] {
  if (process.env.DATABASE_URL) return ['embedded', 'postgres'];
  if (process.env.CI === 'true')
    throw new Error('CI=true requires DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  return ['embedded'];
}

/** A fresh database on the server for one test run, dropped afterwards: runs never see each other's rows. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `fleetplane_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
