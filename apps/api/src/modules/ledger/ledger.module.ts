import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller.js';
import { LedgerProjector } from './ledger.projector.js';
import { LedgerRepository } from './ledger.repository.js';

@Module({
  controllers: [LedgerController],
  providers: [LedgerRepository, LedgerProjector],
  exports: [LedgerProjector],
})
export class LedgerModule {}
