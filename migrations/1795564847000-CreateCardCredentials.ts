import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IC staff cards as door identifiers (3(2)②ア): only a keyed hash of the card number is stored (HMAC-SHA-256
 * under ACS_CARD_KEY), never the number. A live (unrevoked) card belongs to one person; revoked rows stay as
 * history next to the audit records.
 */
export class CreateCardCredentials1795564847000 implements MigrationInterface {
  name = 'CreateCardCredentials1795564847000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE card_credentials (
        id             uuid PRIMARY KEY,
        person_id      uuid NOT NULL REFERENCES people(id),
        card_hash      bytea NOT NULL CHECK (octet_length(card_hash) = 32),
        label          text,
        registered_by  uuid,
        registered_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at     timestamptz,
        revoked_by     uuid,
        revoke_reason  text
      )`);
    await q.query(`CREATE UNIQUE INDEX card_credentials_live_hash_key ON card_credentials (card_hash) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX card_credentials_person_idx ON card_credentials (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE card_credentials`);
  }
}
