import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlarmRecordType } from './alarm-types.js';
import type { TwoPersonSnapshot } from './two-person-rule.js';

/** Reads what the two-person rule needs from the ledger and the log, as one consistent snapshot. */
@Injectable()
export class TwoPersonSnapshotReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  read(): Promise<TwoPersonSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const stays = await m.query(
        `SELECT s.area_id, s.person_id, s.entry_attempt_id, s.entered_at FROM ledger_stays s JOIN areas a ON a.id = s.area_id
          WHERE a.two_person_rule AND s.exited_at IS NULL`,
      );
      // Every area under the rule, with its latest exit.
      const exits = await m.query(
        `SELECT a.id AS area_id, (SELECT max(s.exited_at) FROM ledger_stays s WHERE s.area_id = a.id AND s.exited_at IS NOT NULL) AS last_exit
           FROM areas a WHERE a.two_person_rule`,
      );
      // Raised and not cleared: an area that lost the rule meanwhile still gets its alarm cleared.
      const alarms = await m.query(
        `SELECT r.id, r.area_id, r.person_id FROM access_log r
          WHERE r.kind = 'alarm' AND r.type = $1 AND r.pruned_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM access_log c WHERE c.kind = 'alarm' AND c.body->>'alarmId' = r.id::text AND c.type = $2)`,
        [AlarmRecordType.TwoPersonAlone, AlarmRecordType.Cleared],
      );
      return {
        ruleAreaIds: new Set(exits.map((e: { area_id: string }) => e.area_id)),
        openStays: stays.map((s: Record<string, never>) => ({ areaId: s.area_id, personId: s.person_id, entryAttemptId: s.entry_attempt_id, enteredAt: s.entered_at })),
        lastExitByArea: new Map(exits.filter((e: { last_exit: Date | null }) => e.last_exit).map((e: { area_id: string; last_exit: Date }) => [e.area_id, e.last_exit])),
        openAlarms: alarms.map((a: Record<string, string | null>) => ({ alarmId: a.id!, areaId: a.area_id!, personId: a.person_id ?? undefined })),
      };
    });
  }
}
