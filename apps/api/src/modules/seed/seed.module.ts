import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { PeopleModule } from '../people/people.module.js';
import { DemoSiteSeeder } from './demo-site.seeder.js';

@Module({
  imports: [AccessLogModule, PeopleModule],
  providers: [DemoSiteSeeder],
  exports: [DemoSiteSeeder],
})
export class SeedModule {}
