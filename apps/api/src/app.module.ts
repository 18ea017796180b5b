import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard } from './common/auth/auth.guard.js';
import { ChangesModule } from './common/changes/credential-changes.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { AccessDecisionsModule } from './modules/access-decisions/access-decisions.module.js';
import { AccessLogModule } from './modules/access-log/access-log.module.js';
import { AlarmsModule } from './modules/alarms/alarms.module.js';
import { AreasModule } from './modules/areas/areas.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AuthorisationsModule } from './modules/authorisations/authorisations.module.js';
import { CredentialsModule } from './modules/credentials/credentials.module.js';
import { HardwareGatewayModule } from './modules/hardware-gateway/hardware-gateway.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { HrImportModule } from './modules/hr-import/hr-import.module.js';
import { IdReviewsModule } from './modules/id-reviews/id-reviews.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { PeopleModule } from './modules/people/people.module.js';
import { SeedModule } from './modules/seed/seed.module.js';
import { VeinCaptureModule } from './modules/vein-capture/vein-capture.module.js';
import { StartupModule } from './startup.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // With a runtime role, createApp has already migrated as the owner; otherwise migrate on connect.
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, { migrationsRun: !config.dbRole, role: config.dbRole })),
        ChangesModule,
        AccessDecisionsModule,
        AccessLogModule,
        AlarmsModule,
        AreasModule,
        AuditModule,
        AuthModule,
        AuthorisationsModule,
        CredentialsModule,
        HardwareGatewayModule,
        HealthModule,
        HrImportModule,
        IdReviewsModule,
        LedgerModule,
        PeopleModule,
        SeedModule,
        StartupModule,
        VeinCaptureModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
