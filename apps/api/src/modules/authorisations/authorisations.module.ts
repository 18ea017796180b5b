import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthorisationsController } from './authorisations.controller.js';
import { AuthorisationsService } from './authorisations.service.js';
import { HolidaysService } from './holidays.service.js';

@Module({
  imports: [AuditModule],
  controllers: [AuthorisationsController],
  providers: [AuthorisationsService, HolidaysService],
  exports: [HolidaysService],
})
export class AuthorisationsModule {}
