import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import holidayJp from '@holiday-jp/holiday_jp';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { HolidayEntity } from '../people/organisation.entities.js';
import type { HolidayDto, PutHolidayDto } from './dto/authorisation.dto.js';

interface BuiltinHoliday {
  date: string;
  name: string;
  name_en: string;
}

/**
 * The public-holiday calendar schedules consult: Japan's national holidays from @holiday-jp/holiday_jp, plus
 * days the administrator adds (e.g. 年末年始 closing days, a city's own holidays) or removes.
 */
@Injectable()
export class HolidaysService {
  private readonly logger = new Logger(HolidaysService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  /** Loads the built-in calendar once (admin edits are never overwritten). */
  async seedBuiltin(): Promise<void> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM holidays WHERE source = 'builtin'`);
    if (n > 0) return;
    const all = Object.values(holidayJp.holidays as Record<string, BuiltinHoliday>);
    await this.dataSource.query(
      `INSERT INTO holidays (date, name_ja, name_en, source)
       SELECT d, ja, en, 'builtin' FROM unnest($1::date[], $2::text[], $3::text[]) AS t(d, ja, en) ON CONFLICT (date) DO NOTHING`,
      [all.map((h) => h.date), all.map((h) => h.name), all.map((h) => h.name_en)],
    );
    this.logger.log({ holidays: all.length }, 'loaded the Japanese public-holiday calendar');
  }

  async list(year: number): Promise<HolidayDto[]> {
    const rows = await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name_ja AS "nameJa", name_en AS "nameEn", source FROM holidays
        WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
    return rows;
  }

  async isHoliday(date: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM holidays WHERE date = $1', [date]);
    return rows.length > 0;
  }

  async put(actor: Actor, date: string, dto: PutHolidayDto): Promise<HolidayDto> {
    const row = { date, nameJa: dto.nameJa, nameEn: dto.nameEn ?? '', source: 'admin' as const };
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(HolidayEntity, { date });
      await m.upsert(HolidayEntity, row, ['date']);
      await this.audit.record(m, actor, { action: 'holiday.set', target: { type: 'holiday', id: date }, before: before ?? undefined, after: row });
    });
    this.changes.notify('holiday.set');
    return row;
  }

  async remove(actor: Actor, date: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(HolidayEntity, { date });
      if (!before) throw new AppError(ErrorCode.NotFound, 'Not a holiday', `${date} is not in the calendar.`);
      await m.delete(HolidayEntity, { date });
      await this.audit.record(m, actor, { action: 'holiday.removed', target: { type: 'holiday', id: date }, before });
    });
    this.changes.notify('holiday.removed');
  }
}
