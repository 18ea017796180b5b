import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records an alarm list reads: the api's own alarm records (kind 'alarm': raised, cleared, acknowledged)
 * and the bridge events that are alarms. Written out here, not imported: a migration must not change later.
 */
const ALARM_RECORDS = `(kind = 'alarm' OR type IN ('door.forced-open', 'door.held-open', 'reader.tamper', 'bridge.clock-offset-exceeded', 'bridge.clock-offset-recovered') OR (type = 'door.io-local-status' AND body->>'tamper' = 'true'))`;

/**
 * Alarms (two-person rule, acknowledgements): a new record kind 'alarm', an index holding only alarm records
 * newest first (the alarm list is a short index scan however large the log), and one finding the records that
 * clear or acknowledge an alarm by its id.
 */
export class AddAlarmRecords1795564871000 implements MigrationInterface {
  name = 'AddAlarmRecords1795564871000';

  async up(q: QueryRunner): Promise<void> {
    await setKinds(q, (kinds) => [...new Set([...kinds, 'alarm'])]);
    await q.query(`CREATE INDEX access_log_alarm_time_idx ON access_log (occurred_at DESC, idx DESC) WHERE ${ALARM_RECORDS}`);
    await q.query(`CREATE INDEX access_log_alarm_ref_idx ON access_log ((body->>'alarmId')) WHERE kind = 'alarm'`);
    // The latest exit of an area: when its last-but-one occupant left (two-person rule).
    await q.query(`CREATE INDEX ledger_stays_area_exit_idx ON ledger_stays (area_id, exited_at DESC) WHERE exited_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ledger_stays_area_exit_idx`);
    await q.query(`DROP INDEX access_log_alarm_ref_idx`);
    await q.query(`DROP INDEX access_log_alarm_time_idx`);
    // Fails while alarm records exist: the log keeps them.
    await setKinds(q, (kinds) => kinds.filter((k) => k !== 'alarm'));
  }
}

/**
 * Rewrites the kind check from the list it holds now, so that migrations adding other kinds compose in any
 * order instead of each restoring a list of its own.
 */
async function setKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const [row] = await q.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'access_log_kind_check' AND conrelid = 'access_log'::regclass`);
  const kinds = [...(row.def as string).matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
  await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check`);
  await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_kind_check CHECK (kind IN (${change(kinds).map((k) => `'${k}'`).join(', ')}))`);
}
