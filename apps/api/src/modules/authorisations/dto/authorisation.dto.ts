import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min,
  MinLength, ValidateNested,
} from 'class-validator';

export class ScheduleWindowDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays: 1 = Monday … 7 = Sunday' })
  @IsArray() @ArrayMinSize(1) @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) days!: number[];
  @ApiProperty({ example: '08:30', description: 'Local time (ACS_TIME_ZONE)' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'from must be HH:MM' }) from!: string;
  @ApiProperty({ example: '17:15', description: 'Not after `from` = runs past midnight' }) @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'to must be HH:MM' }) to!: string;
}

export class WeeklyScheduleDto {
  @ApiProperty({ type: [ScheduleWindowDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(21) @ValidateNested({ each: true }) @Type(() => ScheduleWindowDto) windows!: ScheduleWindowDto[];
  @ApiProperty({ description: 'Whether the windows also apply on public holidays' }) @IsBoolean() onHolidays!: boolean;
}

export class CreateAuthorisationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId!: string;
  @ApiProperty({ example: 'area-a' }) @IsString() @MaxLength(64) areaId!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) validFrom!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Omit for open-ended (staff); contractors and temporary ones need an end' })
  @IsOptional() @IsISO8601({ strict: true }) validUntil?: string;
  @ApiPropertyOptional({ type: WeeklyScheduleDto, description: 'Omit = any time inside the validity window' })
  @IsOptional() @ValidateNested() @Type(() => WeeklyScheduleDto) schedule?: WeeklyScheduleDto;
  @ApiPropertyOptional({ description: 'Always true for contractors' }) @IsOptional() @IsBoolean() requiresEscort?: boolean;
  @ApiPropertyOptional({ description: 'A temporary authorisation for a work window' }) @IsOptional() @IsBoolean() temporary?: boolean;
  @ApiProperty({ example: '基幹系サーバ保守作業 / core server maintenance' }) @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class StatusChangeDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class ListAuthorisationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) areaId?: string;
  @ApiPropertyOptional({ enum: ['active', 'suspended', 'revoked'] }) @IsOptional() @IsIn(['active', 'suspended', 'revoked']) status?: string;
}

export class AuthorisationDto {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() personNo!: string;
  @ApiProperty() areaId!: string;
  @ApiProperty() validFrom!: string;
  @ApiPropertyOptional() validUntil?: string;
  @ApiPropertyOptional({ type: WeeklyScheduleDto }) schedule?: WeeklyScheduleDto;
  @ApiProperty() requiresEscort!: boolean;
  @ApiProperty() temporary!: boolean;
  @ApiProperty({ enum: ['active', 'suspended', 'revoked'] }) status!: string;
  @ApiPropertyOptional() statusReason?: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Who approved it' }) approvedBy!: string;
  @ApiProperty() createdAt!: string;
}

export class HolidayDto {
  @ApiProperty({ example: '2026-11-23' }) date!: string;
  @ApiProperty({ example: '勤労感謝の日' }) nameJa!: string;
  @ApiProperty({ example: 'Labour Thanksgiving Day' }) nameEn!: string;
  @ApiProperty({ enum: ['builtin', 'admin'] }) source!: string;
}

export class PutHolidayDto {
  @ApiProperty({ example: '市制記念日' }) @IsString() @MinLength(1) @MaxLength(100) nameJa!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) nameEn?: string;
}

export class DateParam {
  @ApiProperty({ example: '2026-12-29' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' }) date!: string;
}

export class HolidayYearQuery {
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}
