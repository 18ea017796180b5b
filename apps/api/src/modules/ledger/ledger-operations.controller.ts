import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { formatInZone } from '../../common/time/format-in-zone.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { findJapaneseFont, LedgerPdf } from './ledger-pdf.js';
import { FindingsService, type FindingDto } from './findings.service.js';
import { LedgerAnnotationsService } from './ledger-annotations.service.js';
import { LEDGER_CSV_HEADER, UTF8_BOM, csvField } from './ledger-csv.js';
import { LedgerQueryDto, toDto } from './ledger.controller.js';
import { LedgerRepository, type LedgerRow } from './ledger.repository.js';
import { OccupancyService, type AreaOccupancyDto } from './occupancy.service.js';

class PurposeDto {
  @ApiProperty({ example: '基幹系サーバのディスク交換 / disk replacement' }) @IsString() @MinLength(2) @MaxLength(500) purpose!: string;
}
class NoteDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(1000) note!: string;
}
class ReasonDto {
  @ApiProperty({ example: '退室時に認証せず共連れで退出したため / left without badging' }) @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}
class SignOffDto {
  @ApiProperty({ example: 'area-a' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/) areaId!: string;
  @ApiProperty({ example: '2026-11-25', description: 'Local date (ACS_TIME_ZONE)' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' }) date!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) comment?: string;
}
class ReviewsQuery {
  @ApiProperty({ example: '2026-11-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) from!: string;
  @ApiProperty({ example: '2026-11-30' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) to!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) areaId?: string;
}
class FindingsQuery {
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) areaId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

const EXPORT_BATCH = 5000;

@ApiTags('Ledger')
@Controller()
export class LedgerOperationsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly annotations: LedgerAnnotationsService,
    private readonly occupancy: OccupancyService,
    private readonly findings: FindingsService,
    private readonly ledger: LedgerRepository,
  ) {}

  @Post('ledger/stays/:id/purpose')
  @HttpCode(204)
  @RequirePermission(Permission.LedgerAnnotate)
  @ApiOperation({ summary: 'Record the purpose (目的) of a stay — a new record, never an edit' })
  async purpose(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: PurposeDto): Promise<void> {
    await this.annotations.setPurpose(actor, id, dto.purpose);
  }

  @Post('ledger/stays/:id/corrections')
  @HttpCode(204)
  @RequirePermission(Permission.LedgerAnnotate)
  async correction(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: NoteDto): Promise<void> {
    await this.annotations.correct(actor, id, dto.note);
  }

  @Post('ledger/stays/:id/forgive')
  @HttpCode(204)
  @RequirePermission(Permission.LedgerAnnotate)
  @ApiOperation({ summary: 'Anti-passback forgive: close an open stay so the person can enter again (reason recorded)' })
  async forgive(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReasonDto): Promise<void> {
    await this.annotations.forgive(actor, id, dto.reason);
  }

  @Post('ledger/reviews')
  @RequirePermission(Permission.LedgerReview)
  @ApiOperation({ summary: "Sign off a day's ledger for an area (the sign-off is itself a record)" })
  signOff(@CurrentActor() actor: Actor, @Body() dto: SignOffDto): Promise<{ recordId: string; reviewedAt: string }> {
    return this.annotations.signOff(actor, dto.areaId, dto.date, dto.comment ?? '');
  }

  @Get('ledger/reviews')
  @RequirePermission(Permission.LedgerRead)
  reviews(@Query() q: ReviewsQuery) {
    return this.annotations.reviews(q.areaId, q.from, q.to);
  }

  @Get('occupancy')
  @RequirePermission(Permission.OccupancyRead)
  @ApiOperation({ summary: 'Who is inside each managed area now (muster list)' })
  now(): Promise<AreaOccupancyDto[]> {
    return this.occupancy.now();
  }

  @Get('ledger/findings')
  @RequirePermission(Permission.LedgerRead)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Reconciliation: forced/held doors, grants without passage, exits without entry, people inside after closing, …' })
  async listFindings(@Query() q: FindingsQuery, @Res({ passthrough: true }) res: Response): Promise<FindingDto[] | string> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from) throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'to', message: 'to must be after from' }]);
    const list = await this.findings.list(from, to, q.areaId);
    if (q.format !== 'csv') return list;
    res.type('text/csv; charset=utf-8').attachment('findings.csv');
    const header = ['種別/Kind', '日時(UTC)/At', '管理区域/Area', '扉/Door', '職員番号/No.', '内容/Detail', '記録/Record'];
    return UTF8_BOM + [header.join(','), ...list.map((f) => [f.kind, f.at, f.areaId, f.doorId, f.personNo, f.detail, f.recordId].map(csvField).join(','))].join('\r\n') + '\r\n';
  }

  @Get('ledger/export.pdf')
  @RequirePermission(Permission.LedgerExport)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The entry ledger as an A4 PDF in the shape of the paper form (Japanese font embedded)' })
  async exportPdf(@Query() q: LedgerQueryDto, @Res() res: Response): Promise<void> {
    const font = findJapaneseFont(this.config.pdfFont);
    if (!font) {
      throw new AppError(ErrorCode.ServiceUnavailable, 'No Japanese font for PDFs', 'Install Debian fonts-ipaexfont-gothic or set ACS_PDF_FONT to a Japanese .ttf/.otf file.');
    }
    const areaName = q.areaId ? ((await this.ledger.areaName(q.areaId)) ?? q.areaId) : '全区域 / all areas';
    const period = `${q.from ? formatInZone(new Date(q.from), q.tz).slice(0, 16) : '…'} – ${q.to ? formatInZone(new Date(q.to), q.tz).slice(0, 16) : '…'}`;
    res.type('application/pdf').attachment('nyutaishitsu-kanribo.pdf');
    const pdf = new LedgerPdf(font, { areaName, period, timeZone: q.tz, generatedAt: formatInZone(new Date(), q.tz) }, res);
    let count = 0;
    for await (const batch of this.batches(q)) {
      pdf.addRows(batch.map((r) => toDto(r, q.tz)));
      count += batch.length;
    }
    pdf.end(count);
  }

  @Get('ledger/export.csv')
  @RequirePermission(Permission.LedgerExport)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The entry ledger as CSV (UTF-8 with BOM for Excel), oldest first, streamed in constant memory' })
  async exportCsv(@Query() q: LedgerQueryDto, @Res() res: Response): Promise<void> {
    res.type('text/csv; charset=utf-8').attachment('nyutaishitsu-kanribo.csv');
    res.write(UTF8_BOM + LEDGER_CSV_HEADER.join(',') + '\r\n');
    const lines = this.ledger.csvLines(this.filters(q), EXPORT_BATCH);
    for await (const batch of lines) {
      if (!res.write(batch.join('\r\n') + '\r\n')) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  /** The ledger oldest first, one batch in memory at a time. */
  private batches(q: LedgerQueryDto): AsyncGenerator<LedgerRow[]> {
    return this.ledger.stream(this.filters(q), EXPORT_BATCH);
  }

  private filters(q: LedgerQueryDto) {
    return {
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, personNo: q.personNo, areaId: q.areaId,
      companyId: q.companyId, doorId: q.doorId, timeZone: q.tz,
    };
  }
}
