import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RequirePermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { formatInZone, isTimeZone } from '../../common/time/format-in-zone.js';
import { LedgerRepository, type LedgerRow } from './ledger.repository.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';

export class LedgerQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Stays entered at or after (UTC ISO-8601)' })
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Stays entered before' })
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ example: 'S0001' }) @IsOptional() @Matches(/^[A-Z0-9]{1,32}$/) personNo?: string;
  @ApiPropertyOptional({ example: 'area-a' }) @IsOptional() @IsString() @MaxLength(64) areaId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Contractor company' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ example: 'door-a1' }) @IsOptional() @IsString() @MaxLength(64) doorId?: string;
  @ApiPropertyOptional({ default: 'Asia/Tokyo', description: 'Time zone of the display fields' })
  @IsOptional() @IsString() @MaxLength(64) tz: string = 'Asia/Tokyo';
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 100;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

class BilingualDto {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

class LedgerPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'S0001' }) personNo!: string;
  @ApiProperty({ example: '情報 一郎' }) name!: string;
  @ApiProperty() nameKana!: string;
  @ApiProperty({ enum: ['staff', 'contractor'] }) kind!: string;
}

class LedgerAreaDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
}

class LedgerLocalTimesDto {
  @ApiProperty({ example: 'Asia/Tokyo' }) timeZone!: string;
  @ApiProperty({ example: '2026-11-25 10:15:03' }) timeIn!: string;
  @ApiPropertyOptional() timeOut?: string;
}

export class LedgerStayDto {
  @ApiProperty({ format: 'uuid' }) stayId!: string;
  @ApiProperty({ type: LedgerPersonDto }) person!: LedgerPersonDto;
  @ApiProperty({ type: BilingualDto, description: '所属: department or company' }) affiliation!: BilingualDto;
  @ApiProperty({ type: LedgerAreaDto }) area!: LedgerAreaDto;
  @ApiProperty({ format: 'date-time', description: 'UTC' }) timeIn!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'UTC; absent while still inside' }) timeOut?: string;
  @ApiProperty({ type: LedgerLocalTimesDto }) local!: LedgerLocalTimesDto;
  @ApiProperty({ enum: ['vein+pin', 'offline', 'emergency'] }) method!: string;
  @ApiProperty() entryDoorId!: string;
  @ApiPropertyOptional() exitDoorId?: string;
  @ApiProperty({ format: 'uuid' }) entryAttemptId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) exitAttemptId?: string;
  @ApiPropertyOptional({ description: 'Escort / witness (立会者)' }) escortPersonNo?: string;
  @ApiPropertyOptional({ description: '目的: the latest purpose annotation' }) purpose?: string;
  @ApiPropertyOptional({ enum: ['exit', 'forgiven'], description: 'forgiven = closed by an operator (anti-passback forgive)' }) exitKind?: string;
  @ApiPropertyOptional({ description: 'Who signed off this day of the area ledger' }) reviewedBy?: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerStayDto] }) items!: LedgerStayDto[];
  @ApiProperty() total!: number;
}

@ApiTags('Ledger')
@Controller('ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerRepository) {}

  @Get()
  @RequirePermission(Permission.LedgerRead)
  @ApiOperation({ summary: 'The entry ledger (入退室管理簿): one row per stay, newest first' })
  async list(@Query() q: LedgerQueryDto): Promise<LedgerPageDto> {
    if (!isTimeZone(q.tz)) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'tz', message: 'tz must be an IANA time zone' }]);
    }
    const { rows, total } = await this.ledger.list({
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      personNo: q.personNo,
      areaId: q.areaId,
      companyId: q.companyId,
      doorId: q.doorId,
      limit: q.limit,
      offset: q.offset,
      timeZone: q.tz,
    });
    return { items: rows.map((r) => toDto(r, q.tz)), total };
  }
}

export function toDto(r: LedgerRow, tz: string): LedgerStayDto {
  return {
    stayId: r.stayId,
    person: { id: r.personId, personNo: r.personNo, name: `${r.familyName} ${r.givenName}`, nameKana: r.nameKana, kind: r.kind },
    affiliation: { ja: r.affiliationJa, en: r.affiliationEn },
    area: { id: r.areaId, nameJa: r.areaNameJa, nameEn: r.areaNameEn },
    timeIn: r.enteredAt.toISOString(),
    timeOut: r.exitedAt?.toISOString(),
    local: { timeZone: tz, timeIn: formatInZone(r.enteredAt, tz), timeOut: r.exitedAt ? formatInZone(r.exitedAt, tz) : undefined },
    method: r.method,
    entryDoorId: r.entryDoorId,
    exitDoorId: r.exitDoorId ?? undefined,
    entryAttemptId: r.entryAttemptId,
    exitAttemptId: r.exitAttemptId ?? undefined,
    escortPersonNo: r.escortPersonNo ?? undefined,
    purpose: r.purpose ?? undefined,
    exitKind: r.exitKind ?? undefined,
    reviewedBy: r.reviewedBy ?? undefined,
  };
}
