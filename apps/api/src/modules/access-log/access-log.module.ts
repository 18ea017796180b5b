import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller.js';
import { AccessLogRepository } from './access-log.repository.js';

@Module({
  controllers: [AccessLogController],
  providers: [AccessLogRepository],
  exports: [AccessLogRepository],
})
export class AccessLogModule {}
