import { Body, Controller, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { HR_CSV_HEADER } from './hr-rows.js';
import { HrImportService, type HrImportReport } from './hr-import.service.js';

const bool = () => Transform(({ value }) => value === 'true' || value === true);

class HrImportQuery {
  @ApiPropertyOptional({ description: 'Report what would change without changing anything' }) @IsOptional() @bool() @IsBoolean() dryRun: boolean = false;
  @ApiPropertyOptional({ description: 'Confirm an import that retires more than 20% of staff' }) @IsOptional() @bool() @IsBoolean() allowMassLeavers: boolean = false;
}

@ApiTags('HR import')
@Controller('hr-imports')
export class HrImportController {
  constructor(private readonly hr: HrImportService) {}

  @Post()
  @RequirePermission(Permission.HrImport)
  @ApiConsumes('text/csv')
  @ApiBody({ description: `UTF-8 or Shift_JIS CSV of all active staff, header: ${HR_CSV_HEADER}`, schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Import the HR list of active staff: updates people and departments; staff not listed have left (access ends at once)' })
  run(@CurrentActor() actor: Actor, @Body() body: unknown, @Query() q: HrImportQuery): Promise<HrImportReport> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', 'Send the CSV as the request body with Content-Type: text/csv.', [{ field: 'body', message: 'body must be a CSV file (Content-Type: text/csv)' }]);
    }
    return this.hr.run(actor, body, q);
  }
}
