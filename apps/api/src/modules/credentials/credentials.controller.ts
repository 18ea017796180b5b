import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CurrentActor, Public, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { ChangePinDto, EnrolVeinDto, PinStatusDto, TemporaryPinDto, VeinTemplateInfoDto } from './dto/credentials.dto.js';
import { PinService } from './pin.service.js';
import { VeinTemplatesService } from './vein-templates.service.js';

class TemplateParams extends IdParam {
  @IsUUID() templateId!: string;
}

class DeletionQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

@ApiTags('Door credentials')
@Controller()
export class CredentialsController {
  constructor(
    private readonly pins: PinService,
    private readonly veins: VeinTemplatesService,
  ) {}

  @Get('people/:id/pin')
  @RequirePermission(Permission.PeopleRead)
  @ApiOperation({ summary: 'PIN state (never the PIN): usable, locked, must-change, expired or missing' })
  pinStatus(@Param() { id }: IdParam): Promise<PinStatusDto> {
    return this.pins.status(id);
  }

  @Put('people/:id/pin')
  @RequirePermission(Permission.PinIssue)
  @ApiOperation({ summary: 'Issue a temporary PIN (unusable at the door until the person changes it, 4(4)②カ)' })
  issueTemporary(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: TemporaryPinDto): Promise<PinStatusDto> {
    return this.pins.issueTemporary(actor, id, dto.temporaryPin);
  }

  @Post('pin-change')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'A person changes their own door PIN with the current one (wrong PINs count towards the lockout)' })
  async changePin(@Body() dto: ChangePinDto): Promise<void> {
    await this.pins.change(dto.personNo, dto.currentPin, dto.newPin);
  }

  @Get('people/:id/vein-templates')
  @RequirePermission(Permission.PeopleRead)
  @ApiOperation({ summary: 'Enrolled positions (template data is never returned)' })
  listVeins(@Param() { id }: IdParam): Promise<VeinTemplateInfoDto[]> {
    return this.veins.list(id);
  }

  @Post('people/:id/vein-templates')
  @RequirePermission(Permission.VeinEnrol)
  @ApiOperation({ summary: 'Enrol (or re-enrol) a finger/palm vein template from an enrolment station' })
  enrol(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: EnrolVeinDto): Promise<VeinTemplateInfoDto> {
    return this.veins.enrol(actor, id, dto);
  }

  @Delete('people/:id/vein-templates/:templateId')
  @HttpCode(204)
  @RequirePermission(Permission.VeinEnrol)
  async removeVein(@CurrentActor() actor: Actor, @Param() { id, templateId }: TemplateParams, @Query() q: DeletionQuery): Promise<void> {
    await this.veins.remove(actor, id, templateId, q.reason);
  }
}
