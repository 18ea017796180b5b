import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';

/**
 * Child process of `npm start` that owns the embedded PostgreSQL: reports `{type:'ready', url}` over IPC and
 * stops the database on SIGTERM/SIGINT or when the orchestrator goes away.
 */
export async function embeddedPostgresCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string' }, port: { type: 'string' } } });
  if (!values.dir || !values.port) throw new Error('usage: acs embedded-postgres --dir DIR --port PORT');
  const pg = await startEmbeddedPostgres(values.dir, Number(values.port), (line) => console.log(line));
  process.send?.({ type: 'ready', url: pg.url });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
    process.once('disconnect', resolve);
  });
  await pg.stop();
  return 0;
}
