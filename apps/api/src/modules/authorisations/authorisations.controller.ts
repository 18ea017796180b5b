import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { AuthorisationsService } from './authorisations.service.js';
import {
  AuthorisationDto, CreateAuthorisationDto, DateParam, HolidayDto, HolidayYearQuery, ListAuthorisationsQuery, PutHolidayDto, StatusChangeDto,
} from './dto/authorisation.dto.js';
import { HolidaysService } from './holidays.service.js';

@ApiTags('Authorisations')
@Controller()
export class AuthorisationsController {
  constructor(
    private readonly authorisations: AuthorisationsService,
    private readonly holidays: HolidaysService,
  ) {}

  @Get('authorisations')
  @RequirePermission(Permission.AuthorisationsRead)
  list(@Query() q: ListAuthorisationsQuery): Promise<AuthorisationDto[]> {
    return this.authorisations.list(q);
  }

  @Post('authorisations')
  @RequirePermission(Permission.AuthorisationsApprove)
  @ApiOperation({ summary: 'Approve entry for a person into an area: validity window, weekly schedule, reason' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAuthorisationDto): Promise<AuthorisationDto> {
    return this.authorisations.create(actor, dto);
  }

  @Post('authorisations/:id/suspend')
  @HttpCode(200)
  @RequirePermission(Permission.AuthorisationsWrite)
  @ApiOperation({ summary: 'Suspend: the doors deny within seconds' })
  suspend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: StatusChangeDto): Promise<AuthorisationDto> {
    return this.authorisations.transition(actor, id, 'suspend', dto.reason);
  }

  @Post('authorisations/:id/resume')
  @HttpCode(200)
  @RequirePermission(Permission.AuthorisationsWrite)
  resume(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: StatusChangeDto): Promise<AuthorisationDto> {
    return this.authorisations.transition(actor, id, 'resume', dto.reason);
  }

  @Post('authorisations/:id/revoke')
  @HttpCode(200)
  @RequirePermission(Permission.AuthorisationsWrite)
  @ApiOperation({ summary: 'Revoke for good (6(7)②ウ); the doors deny within seconds' })
  revoke(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: StatusChangeDto): Promise<AuthorisationDto> {
    return this.authorisations.transition(actor, id, 'revoke', dto.reason);
  }

  @Get('holidays')
  @RequirePermission(Permission.AuthorisationsRead)
  @ApiOperation({ summary: 'The holiday calendar schedules consult (Japanese public holidays + admin days)' })
  listHolidays(@Query() q: HolidayYearQuery): Promise<HolidayDto[]> {
    return this.holidays.list(q.year ?? new Date().getUTCFullYear());
  }

  @Put('holidays/:date')
  @RequirePermission(Permission.HolidaysWrite)
  putHoliday(@CurrentActor() actor: Actor, @Param() { date }: DateParam, @Body() dto: PutHolidayDto): Promise<HolidayDto> {
    return this.holidays.put(actor, date, dto);
  }

  @Delete('holidays/:date')
  @HttpCode(204)
  @RequirePermission(Permission.HolidaysWrite)
  async removeHoliday(@CurrentActor() actor: Actor, @Param() { date }: DateParam): Promise<void> {
    await this.holidays.remove(actor, date);
  }
}
