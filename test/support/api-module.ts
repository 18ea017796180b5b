import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../apps/api/src/common/auth/decorators.js';
import { ALL_PERMISSIONS } from '../../apps/api/src/common/auth/permission.js';
import { ChangesModule, CredentialChanges } from '../../apps/api/src/common/changes/credential-changes.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { ConfigModule } from '../../apps/api/src/config/config.module.js';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { DemoSiteSeeder } from '../../apps/api/src/modules/seed/demo-site.seeder.js';
import { SeedModule } from '../../apps/api/src/modules/seed/seed.module.js';
import { testApiConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface ApiTestModule {
  moduleRef: TestingModule;
  ds: DataSource;
  config: AppConfig;
  db: TestDatabase;
  /** person number → id of the seeded demo people */
  ids: Record<string, string>;
  /** Reasons announced through CredentialChanges, in order. */
  changes: string[];
  close(): Promise<void>;
}

/** Feature modules on a fresh, migrated, demo-seeded database — no HTTP, no MQTT. */
export async function apiTestModule(imports: unknown[], overrides: Record<string, string> = {}): Promise<ApiTestModule> {
  const db = await createTestDatabase();
  const config = testApiConfig(db.url, overrides);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ChangesModule, TypeOrmModule.forRoot(dataSourceOptions(db.url, { migrationsRun: true })), SeedModule, ...(imports as never[])],
  }).compile();
  await moduleRef.init();
  await moduleRef.get(DemoSiteSeeder).seed();
  const ds = moduleRef.get<DataSource>(getDataSourceToken());
  const ids: Record<string, string> = {};
  for (const row of await ds.query('SELECT id, person_no FROM people')) ids[row.person_no] = row.id;
  const changes: string[] = [];
  moduleRef.get(CredentialChanges).changes.subscribe((c) => changes.push(c));
  return {
    moduleRef, ds, config, db, ids, changes,
    close: async () => {
      await moduleRef.close();
      await db.drop();
    },
  };
}

/** An operator actor holding every permission (services check roles themselves where the policy says so). */
export function adminActor(overrides: Partial<Actor> = {}): Actor {
  return {
    operatorId: '0192f3a0-0000-7000-8000-0000000000ad',
    username: 'test-admin',
    personId: null,
    roles: ['system-administrator'],
    permissions: new Set(ALL_PERMISSIONS),
    via: 'session',
    stage: 'full',
    token: 'test-token',
    ...overrides,
  };
}
