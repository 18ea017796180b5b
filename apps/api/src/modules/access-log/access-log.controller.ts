import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RequirePermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AccessLogRepository } from './access-log.repository.js';
import { LogKind, type LogRecord } from './access-log.types.js';

export class AccessLogQueryDto {
  @ApiPropertyOptional({ enum: Object.values(LogKind) }) @IsOptional() @IsIn(Object.values(LogKind)) kind?: LogKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() attemptId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) doorId?: string;
  @ApiPropertyOptional({ example: 'area-a' }) @IsOptional() @IsString() @MaxLength(64) areaId?: string;
  @ApiPropertyOptional({ enum: ['grant', 'deny'] }) @IsOptional() @IsIn(['grant', 'deny']) outcome?: 'grant' | 'deny';
  @ApiPropertyOptional({ format: 'uuid', description: 'Records about workers of this contractor company' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'Opaque cursor from nextCursor: the next (older) page' })
  @IsOptional() @Matches(/^\d{1,15}\.\d{1,16}$/, { message: 'cursor must be a nextCursor value' }) cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit: number = 100;
}

export class AccessLogRecordDto {
  @ApiProperty() idx!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: Object.values(LogKind) }) kind!: string;
  @ApiProperty({ example: 'door.opened' }) type!: string;
  @ApiProperty({ format: 'date-time', description: 'Clock of the source (bridge or api), UTC' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the api stored it, UTC' }) recordedAt!: string;
  @ApiProperty() source!: string;
  @ApiPropertyOptional() sourceSeq?: number;
  @ApiPropertyOptional() attemptId?: string;
  @ApiPropertyOptional() personId?: string;
  @ApiPropertyOptional() areaId?: string;
  @ApiPropertyOptional() doorId?: string;
  @ApiPropertyOptional() readerId?: string;
  @ApiPropertyOptional({ enum: ['grant', 'deny'] }) outcome?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) body!: Record<string, unknown>;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogRecordDto] }) items!: AccessLogRecordDto[];
  @ApiProperty({ description: 'Records in the log' }) size!: number;
  @ApiPropertyOptional({ description: 'Pass as cursor for the next (older) page' }) nextCursor?: string;
}

@ApiTags('Access log')
@Controller('access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLogRepository) {}

  @Get()
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'Raw access-log records (attempts, decisions, door events), newest first' })
  async list(@Query() q: AccessLogQueryDto): Promise<AccessLogPageDto> {
    const { cursor, ...filters } = q;
    const before = cursor ? { occurredAt: new Date(Number(cursor.split('.')[0])), idx: Number(cursor.split('.')[1]) } : undefined;
    const items = await this.log.query({ ...filters, before, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    const last = items[items.length - 1];
    return {
      items: items.map(toDto),
      size: await this.log.size(),
      nextCursor: items.length === q.limit ? `${last.occurredAt.getTime()}.${last.idx}` : undefined,
    };
  }
}

function toDto({ logId: _logId, ...r }: LogRecord): AccessLogRecordDto {
  return { ...r, occurredAt: r.occurredAt.toISOString(), recordedAt: r.recordedAt.toISOString() };
}
