import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { CaptureParams, StartVeinCaptureDto, VeinCaptureDto } from './dto/vein-capture.dto.js';
import { VeinCapturesService } from './vein-captures.service.js';

@ApiTags('Door credentials')
@Controller()
export class VeinCapturesController {
  constructor(private readonly captures: VeinCapturesService) {}

  @Post('people/:id/vein-templates/captures')
  @HttpCode(202)
  @RequirePermission(Permission.VeinEnrol)
  @ApiOperation({ summary: 'Enrol a vein template by capturing it through a door reader (OSDP BIOREAD): starts the capture; poll it by id' })
  start(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: StartVeinCaptureDto): Promise<VeinCaptureDto> {
    return this.captures.start(actor, id, dto);
  }

  @Get('people/:id/vein-templates/captures')
  @RequirePermission(Permission.VeinEnrol)
  @ApiOperation({ summary: "A person's latest 50 captures through readers, newest first (never a template)" })
  @ApiOkResponse({ type: VeinCaptureDto, isArray: true })
  list(@Param() { id }: IdParam): Promise<VeinCaptureDto[]> {
    return this.captures.list(id);
  }

  @Get('people/:id/vein-templates/captures/:captureId')
  @RequirePermission(Permission.VeinEnrol)
  @ApiOperation({ summary: 'A capture: pending, enrolled or failed with its reason (never the template)' })
  get(@Param() { id, captureId }: CaptureParams): Promise<VeinCaptureDto> {
    return this.captures.get(id, captureId);
  }
}
