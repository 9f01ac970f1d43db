import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), persisted under a folder and served on a loopback port,
 * so the control plane talks to it through the same `pg` driver, SQL and migrations as a real server.
 * PGlite is one session: the server takes one connection at a time, and callers size their pool to 1.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  /** Starts on `dataDir/pgdata`, creating it; the data directory and everything in it are the owner's only. */
  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const pgdata = join(dataDir, 'pgdata');
    await mkdir(pgdata, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
    const db = await PGlite.create(pgdata);
    // PGlite lays a new cluster out world-writable (0666 files, 0777 folders) whatever the umask; what
    // PostgreSQL creates later is 0600 already.
    await restrictToOwner(pgdata);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    await server.start();
    const port = listeningPort(server);
    return new EmbeddedPostgres(db, server, `postgres://postgres@127.0.0.1:${port}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

/** Folders 0700 and files 0600, from `dir` down. */
async function restrictToOwner(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    await chmod(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

/** Once started on port 0, the socket server reports the port it was given as `host:port`. */
function listeningPort(server: PGLiteSocketServer): number {
  const port = Number(new URL(`postgres://${server.getServerConn()}`).port);
  if (!Number.isInteger(port) || port <= 0) throw new Error('embedded PostgreSQL did not start listening on TCP');
  return port;
}
