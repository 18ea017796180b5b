import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { AuditService } from './audit.service.js';

@Module({
  imports: [AccessLogModule],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
