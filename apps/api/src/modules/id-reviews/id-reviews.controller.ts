import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdReviewsService, type UnusedIdDto } from './id-reviews.service.js';

class UnusedIdsQuery {
  @ApiPropertyOptional({ default: 90, description: 'No door use for this many days' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3650) days: number = 90;
}

class ReviewDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId!: string;
  @ApiProperty({ enum: ['keep', 'suspend', 'retire'], description: 'keep: still needed; suspend: pause access; retire: no longer needed' })
  @IsIn(['keep', 'suspend', 'retire']) outcome!: 'keep' | 'suspend' | 'retire';
  @ApiProperty({ example: '人事課と確認: 育児休業中 / checked with HR: parental leave' }) @IsString() @MaxLength(1000) note!: string;
}

@ApiTags('Reports')
@Controller()
export class IdReviewsController {
  constructor(private readonly reviews: IdReviewsService) {}

  @Get('reports/unused-ids')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'People with access rights but no door use for N days (5(2)①イ), with their last review' })
  unused(@Query() q: UnusedIdsQuery): Promise<UnusedIdDto[]> {
    return this.reviews.unused(q.days);
  }

  @Post('id-reviews')
  @RequirePermission(Permission.IdReviewWrite)
  @ApiOperation({ summary: 'Record the outcome of reviewing an unused ID (done together with HR)' })
  review(@CurrentActor() actor: Actor, @Body() dto: ReviewDto): Promise<{ id: string }> {
    return this.reviews.record(actor, dto.personId, dto.outcome, dto.note);
  }
}
