import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ALARM_TYPES, AlarmType, type AlarmTypeInfo } from './alarm-types.js';
import type { AlarmRow } from './alarms.repository.js';

export const AlarmStatus = {
  /** Not acknowledged; the condition holds (or it was a momentary event). */
  Raised: 'raised',
  /** Acknowledged; the condition still holds. */
  Acknowledged: 'acknowledged',
  /** The condition ended by itself; nobody has acknowledged it yet. */
  Cleared: 'cleared',
  /** Acknowledged and over. */
  Closed: 'closed',
} as const;
export type AlarmStatus = (typeof AlarmStatus)[keyof typeof AlarmStatus];

export class AlarmQueryDto {
  @ApiPropertyOptional({ description: 'true: only alarms still open (not acknowledged, or a condition not yet cleared)', default: false })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() active: boolean = false;
  @ApiPropertyOptional({ example: 'area-a' }) @IsOptional() @IsString() @MaxLength(64) areaId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Alarms raised at or after (UTC ISO-8601)' }) @IsOptional() @IsISO8601({ strict: true }) since?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 100;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

export class AcknowledgeDto {
  @ApiProperty({ example: '現地確認済み、二人目が入室 / checked on site, second person on the way in' })
  @IsString() @MinLength(3) @MaxLength(1000) comment!: string;
}

class BilingualDto {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

class AlarmAreaDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
}

class AcknowledgementDto {
  @ApiProperty({ format: 'uuid', description: 'The acknowledgement record in the access log' }) recordId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
  @ApiProperty() comment!: string;
}

export class AlarmDto {
  @ApiProperty({ format: 'uuid', description: 'Id of the access-log record that raised the alarm' }) id!: string;
  @ApiProperty({ enum: Object.values(AlarmType) }) type!: AlarmType;
  @ApiProperty({ example: 'alarm.two-person-alone', description: 'Type of the raising record' }) recordType!: string;
  @ApiProperty({ type: BilingualDto }) title!: BilingualDto;
  @ApiProperty({ enum: Object.values(AlarmStatus) }) status!: AlarmStatus;
  @ApiProperty({ description: 'A single event (door forced open, tamper): closed by acknowledging it; otherwise a condition that clears by itself' }) momentary!: boolean;
  @ApiProperty({ format: 'date-time', description: 'When the alarm was raised (UTC)' }) raisedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Two-person rule: alone since' }) since?: string;
  @ApiProperty({ description: 'Who recorded it: api, or the bridge id' }) source!: string;
  @ApiPropertyOptional({ type: AlarmAreaDto }) area?: AlarmAreaDto;
  @ApiPropertyOptional() doorId?: string;
  @ApiPropertyOptional() readerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) personId?: string;
  @ApiPropertyOptional({ example: 'S0001' }) personNo?: string;
  @ApiPropertyOptional({ format: 'date-time' }) clearedAt?: string;
  @ApiPropertyOptional({ example: 'second-person-entered' }) clearReason?: string;
  @ApiPropertyOptional({ type: AcknowledgementDto }) acknowledgement?: AcknowledgementDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The raising record’s body' }) detail!: Record<string, unknown>;
}

export class AlarmPageDto {
  @ApiProperty({ type: [AlarmDto] }) items!: AlarmDto[];
  @ApiProperty() total!: number;
}

const TYPE_BY_RECORD = new Map<string, [AlarmType, AlarmTypeInfo]>(
  (Object.entries(ALARM_TYPES) as Array<[AlarmType, AlarmTypeInfo]>).map(([type, info]) => [info.recordType, [type, info]]),
);

export function toAlarmDto(r: AlarmRow): AlarmDto {
  const [type, info] = TYPE_BY_RECORD.get(r.type)!;
  const acknowledged = r.ack_id !== null;
  const over = info.momentary || r.cleared_at !== null;
  const status = acknowledged
    ? (over ? AlarmStatus.Closed : AlarmStatus.Acknowledged)
    : (r.cleared_at ? AlarmStatus.Cleared : AlarmStatus.Raised);
  const opt = <T>(v: T | null): T | undefined => v ?? undefined;
  return {
    id: r.id, type, recordType: r.type, title: info.title, status, momentary: info.momentary, raisedAt: r.occurred_at.toISOString(),
    since: typeof r.body.since === 'string' ? r.body.since : undefined, source: r.source,
    area: r.area_id ? { id: r.area_id, nameJa: r.area_name_ja ?? r.area_id, nameEn: r.area_name_en ?? r.area_id } : undefined,
    doorId: opt(r.door_id), readerId: opt(r.reader_id), personId: opt(r.person_id), personNo: opt(r.person_no),
    clearedAt: r.cleared_at?.toISOString(), clearReason: opt(r.clear_reason),
    acknowledgement: r.ack_id && r.ack_at && r.ack_body
      ? { recordId: r.ack_id, at: r.ack_at.toISOString(), by: r.ack_body.by.username, comment: r.ack_body.comment }
      : undefined,
    detail: r.body,
  };
}
