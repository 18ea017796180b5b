import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OccupantDto {
  stayId: string;
  personNo: string;
  name: string;
  kind: string;
  affiliationJa: string;
  since: string;
  escortPersonNo?: string;
  purpose?: string;
}

export interface AreaOccupancyDto {
  areaId: string;
  nameJa: string;
  nameEn: string;
  count: number;
  occupants: OccupantDto[];
}

/** Who is inside each managed area now (the muster list): every open stay. */
@Injectable()
export class OccupancyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async now(): Promise<AreaOccupancyDto[]> {
    const areas = await this.dataSource.query('SELECT id, name_ja, name_en FROM areas ORDER BY id');
    const rows = await this.dataSource.query(
      `SELECT s.id, s.area_id, s.entered_at, s.purpose, p.person_no, p.family_name, p.given_name, p.kind, p.affiliation_ja, e.person_no AS escort_no
         FROM ledger_stays s JOIN people p ON p.id = s.person_id LEFT JOIN people e ON e.id = s.escort_person_id
        WHERE s.exited_at IS NULL ORDER BY s.entered_at`,
    );
    return areas.map((a: Record<string, string>) => {
      const occupants = rows.filter((r: Record<string, string>) => r.area_id === a.id).map((r: Record<string, never>) => ({
        stayId: r.id, personNo: r.person_no, name: `${r.family_name} ${r.given_name}`, kind: r.kind, affiliationJa: r.affiliation_ja,
        since: (r.entered_at as Date).toISOString(), escortPersonNo: r.escort_no ?? undefined, purpose: r.purpose ?? undefined,
      }));
      return { areaId: a.id, nameJa: a.name_ja, nameEn: a.name_en, count: occupants.length, occupants };
    });
  }
}
