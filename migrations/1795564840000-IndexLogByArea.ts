import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The access log filtered by managed area, newest first — the question an area's reviewer asks. */
export class IndexLogByArea1795564840000 implements MigrationInterface {
  name = 'IndexLogByArea1795564840000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX access_log_area_time_idx ON access_log (area_id, occurred_at DESC, idx DESC) WHERE area_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_log_area_time_idx`);
  }
}
