import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { StayMethod } from './ledger-stay.entity.js';

export interface GrantedPassage {
  attemptId: string;
  personId: string;
  areaId: string;
  doorId: string;
  direction: 'entry' | 'exit';
  at: Date;
  method: StayMethod;
  escortPersonId?: string;
}

/**
 * Keeps the entry ledger (ledger_stays) in step with the access log, inside the same transaction as the
 * decision record: an entry grant opens a stay, an exit grant closes the person's latest open stay in that area.
 * Idempotent: replaying a passage changes nothing.
 */
@Injectable()
export class LedgerProjector {
  async applyGrant(manager: EntityManager, p: GrantedPassage): Promise<void> {
    if (p.direction === 'entry') {
      await manager.query(
        `INSERT INTO ledger_stays (id, person_id, area_id, entry_attempt_id, entry_door_id, entered_at, method, escort_person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (entry_attempt_id) DO NOTHING`,
        [uuidv7(), p.personId, p.areaId, p.attemptId, p.doorId, p.at, p.method, p.escortPersonId ?? null],
      );
      return;
    }
    await manager.query(
      `UPDATE ledger_stays SET exit_attempt_id = $3, exit_door_id = $4, exited_at = GREATEST($5, entered_at), exit_kind = 'exit'
       WHERE id = (
         SELECT id FROM ledger_stays
         WHERE person_id = $1 AND area_id = $2 AND exited_at IS NULL
         ORDER BY entered_at DESC LIMIT 1
       ) AND NOT EXISTS (SELECT 1 FROM ledger_stays WHERE exit_attempt_id = $3)`,
      [p.personId, p.areaId, p.attemptId, p.doorId, p.at],
    );
  }
}
