import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { FindingsService } from './findings.service.js';
import { LedgerAnnotationsService } from './ledger-annotations.service.js';
import { LedgerOperationsController } from './ledger-operations.controller.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerProjector } from './ledger.projector.js';
import { LedgerRepository } from './ledger.repository.js';
import { OccupancyService } from './occupancy.service.js';

@Module({
  imports: [AccessLogModule],
  controllers: [LedgerController, LedgerOperationsController],
  providers: [LedgerRepository, LedgerProjector, LedgerAnnotationsService, OccupancyService, FindingsService],
  exports: [LedgerProjector, LedgerRepository],
})
export class LedgerModule {}
