import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Managed areas, doors, readers; people, their door credentials and authorisations. */
export class CreateSiteAndPeople1795564800000 implements MigrationInterface {
  name = 'CreateSiteAndPeople1795564800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE areas (
        id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        name_ja     text NOT NULL,
        name_en     text NOT NULL,
        floor       integer NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE doors (
        id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        area_id     text NOT NULL REFERENCES areas(id),
        bridge_id   text NOT NULL CHECK (bridge_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        name_ja     text NOT NULL,
        name_en     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX doors_bridge_idx ON doors (bridge_id)`);
    await q.query(`
      CREATE TABLE readers (
        id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        door_id         text NOT NULL REFERENCES doors(id),
        direction       text NOT NULL CHECK (direction IN ('entry', 'exit')),
        vein_threshold  smallint NOT NULL CHECK (vein_threshold BETWEEN 1 AND 255),
        UNIQUE (door_id, direction)
      )`);
    await q.query(`
      CREATE TABLE people (
        id              uuid PRIMARY KEY,
        person_no       text NOT NULL UNIQUE CHECK (person_no ~ '^[A-Z0-9]{1,32}$'),
        kind            text NOT NULL CHECK (kind IN ('staff', 'contractor')),
        family_name     text NOT NULL,
        given_name      text NOT NULL,
        name_kana       text NOT NULL DEFAULT '',
        affiliation_ja  text NOT NULL,
        affiliation_en  text NOT NULL DEFAULT '',
        status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'on-leave', 'retired')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE pin_credentials (
        person_id    uuid PRIMARY KEY REFERENCES people(id),
        verifier     text NOT NULL CHECK (verifier LIKE '$argon2id$%'),
        must_change  boolean NOT NULL DEFAULT false,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE vein_templates (
        id          uuid PRIMARY KEY,
        person_id   uuid NOT NULL REFERENCES people(id),
        position    text NOT NULL,
        format      smallint NOT NULL DEFAULT 0 CHECK (format BETWEEN 0 AND 255),
        key_id      text NOT NULL,
        sealed      bytea NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (person_id, position)
      )`);
    await q.query(`
      CREATE TABLE authorisations (
        id               uuid PRIMARY KEY,
        person_id        uuid NOT NULL REFERENCES people(id),
        area_id          text NOT NULL REFERENCES areas(id),
        valid_from       timestamptz NOT NULL,
        valid_until      timestamptz,
        requires_escort  boolean NOT NULL DEFAULT false,
        reason           text NOT NULL,
        approved_by      text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until IS NULL OR valid_until > valid_from)
      )`);
    await q.query(`CREATE INDEX authorisations_person_area_idx ON authorisations (person_id, area_id)`);
    await q.query(`CREATE SEQUENCE credential_cache_version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE credential_cache_version`);
    for (const table of ['authorisations', 'vein_templates', 'pin_credentials', 'people', 'readers', 'doors', 'areas']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
