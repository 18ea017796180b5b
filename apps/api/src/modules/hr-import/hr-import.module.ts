import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { HrImportController } from './hr-import.controller.js';
import { HrImportService } from './hr-import.service.js';

@Module({
  imports: [AuditModule, PeopleModule],
  controllers: [HrImportController],
  providers: [HrImportService],
})
export class HrImportModule {}
