import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** Applies pending migrations as the connecting (owner) user, before the app connects with a restricted role. */
export async function migrateAsOwner(databaseUrl: string): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
