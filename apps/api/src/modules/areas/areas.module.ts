import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AreasController } from './areas.controller.js';
import { AreasService } from './areas.service.js';

@Module({
  imports: [AuditModule],
  controllers: [AreasController],
  providers: [AreasService],
})
export class AreasModule {}
