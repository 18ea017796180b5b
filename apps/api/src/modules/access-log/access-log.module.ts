import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller.js';
import { AccessLogRepository } from './access-log.repository.js';
import { Checkpointer } from './checkpointer.service.js';
import { LogAppender } from './log-appender.js';
import { LogProofsController } from './log-proofs.controller.js';
import { LogProofsService } from './log-proofs.service.js';
import { LogSigner } from './log-signer.js';
import { LogTreeRepository } from './log-tree.repository.js';

@Module({
  controllers: [AccessLogController, LogProofsController],
  providers: [AccessLogRepository, LogAppender, LogTreeRepository, LogProofsService, LogSigner, Checkpointer],
  exports: [AccessLogRepository, LogAppender, LogTreeRepository, Checkpointer],
})
export class AccessLogModule {}
