import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { AlarmAcknowledgementsService } from './alarm-acknowledgements.service.js';
import { AlarmsController } from './alarms.controller.js';
import { AlarmsRepository } from './alarms.repository.js';
import { TwoPersonSnapshotReader } from './two-person-snapshot.reader.js';
import { TwoPersonWatch } from './two-person-watch.js';

@Module({
  imports: [AccessLogModule],
  controllers: [AlarmsController],
  providers: [AlarmsRepository, AlarmAcknowledgementsService, TwoPersonSnapshotReader, TwoPersonWatch],
  exports: [TwoPersonWatch],
})
export class AlarmsModule {}
