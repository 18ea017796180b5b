import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { AdminBootstrapService } from './modules/auth/admin-bootstrap.service.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AuthorisationsModule } from './modules/authorisations/authorisations.module.js';
import { HolidaysService } from './modules/authorisations/holidays.service.js';
import { DemoSiteSeeder } from './modules/seed/demo-site.seeder.js';
import { SeedModule } from './modules/seed/seed.module.js';

/** First-start work that must finish before bridges are served: the admin account, the holiday calendar, demo data. */
@Module({ imports: [AuthModule, AuthorisationsModule, SeedModule] })
export class StartupModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly admin: AdminBootstrapService,
    private readonly seeder: DemoSiteSeeder,
    private readonly holidays: HolidaysService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.admin.ensureAdmin();
    await this.holidays.seedBuiltin();
    if (this.config.demoSeed) await this.seeder.seed();
  }
}
