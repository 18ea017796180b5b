import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../api/src/database/data-source-options.js';

/** Applies pending migrations to DATABASE_URL (the api also does this at start). */
export async function migrateCommand(env: NodeJS.ProcessEnv): Promise<number> {
  if (!env.DATABASE_URL) {
    console.error('DATABASE_URL is not set');
    return 2;
  }
  const ds = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.map((m) => m.name).join(', ')}`);
    return 0;
  } finally {
    await ds.destroy();
  }
}
