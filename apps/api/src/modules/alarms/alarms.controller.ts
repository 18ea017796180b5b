import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { AlarmAcknowledgementsService } from './alarm-acknowledgements.service.js';
import { AcknowledgeDto, AlarmDto, AlarmPageDto, AlarmQueryDto, toAlarmDto } from './alarm.dto.js';
import { AlarmsRepository } from './alarms.repository.js';

@ApiTags('Alarms')
@Controller('alarms')
export class AlarmsController {
  constructor(
    private readonly alarms: AlarmsRepository,
    private readonly acknowledgements: AlarmAcknowledgementsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AlarmsRead)
  @ApiOperation({ summary: 'Alarms, newest first: two-person rule, doors forced or held open, reader and I/O tamper, bridge clock offset' })
  @ApiOkResponse({ type: AlarmPageDto })
  async list(@Query() q: AlarmQueryDto): Promise<AlarmPageDto> {
    const { rows, total } = await this.alarms.list({ activeOnly: q.active, areaId: q.areaId, since: q.since ? new Date(q.since) : undefined, limit: q.limit, offset: q.offset });
    return { items: rows.map(toAlarmDto), total };
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequirePermission(Permission.AlarmsAcknowledge)
  @ApiOperation({ summary: 'Acknowledge an alarm with a comment — a new record in the access log, never an edit; 409 when already acknowledged' })
  @ApiOkResponse({ type: AlarmDto })
  acknowledge(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AcknowledgeDto): Promise<AlarmDto> {
    return this.acknowledgements.acknowledge(actor, id, dto.comment);
  }
}
