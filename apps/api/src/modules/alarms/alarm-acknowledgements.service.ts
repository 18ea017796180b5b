import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AccessLogRepository } from '../access-log/access-log.repository.js';
import { LogKind, MAIN_LOG } from '../access-log/access-log.types.js';
import { AlarmRecordType } from './alarm-types.js';
import { toAlarmDto, type AlarmDto } from './alarm.dto.js';
import { AlarmsRepository } from './alarms.repository.js';

/**
 * An operator acknowledges an alarm with a comment: a new access-log record (who, when, comment), never an
 * edit of the alarm. Acknowledging says someone has seen it; it does not end the condition (that is clearing).
 */
@Injectable()
export class AlarmAcknowledgementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AccessLogRepository,
    private readonly alarms: AlarmsRepository,
  ) {}

  acknowledge(actor: Actor, alarmId: string, comment: string): Promise<AlarmDto> {
    return this.dataSource.transaction(async (m) => {
      // Holding the log head serialises acknowledgements: of two at once, the second sees the first.
      await m.query('SELECT 1 FROM log_heads WHERE log_id = $1 FOR UPDATE', [MAIN_LOG]);
      const alarm = await this.alarms.findById(alarmId, m);
      if (!alarm) throw new AppError(ErrorCode.NotFound, 'Alarm not found', `No alarm ${alarmId}.`);
      if (alarm.ack_id) {
        throw new AppError(ErrorCode.Conflict, 'Alarm already acknowledged', `Acknowledged by ${alarm.ack_body?.by.username} at ${alarm.ack_at?.toISOString()}.`);
      }
      await this.log.append(m, [{
        id: uuidv7(), kind: LogKind.Alarm, type: AlarmRecordType.Acknowledged, occurredAt: new Date(), source: 'api',
        areaId: alarm.area_id ?? undefined, doorId: alarm.door_id ?? undefined, readerId: alarm.reader_id ?? undefined, personId: alarm.person_id ?? undefined,
        body: { alarmId, alarmType: alarm.type, comment, by: { operatorId: actor.operatorId, username: actor.username } },
      }]);
      return toAlarmDto((await this.alarms.findById(alarmId, m))!);
    });
  }
}
