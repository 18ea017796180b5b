import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Departments and sections, contractor companies with their agreement (覚書), and the identity documents
 * checked for contractors (3(2)②イ: type and last 4 characters only).
 */
export class CreateOrganisation1795564804000 implements MigrationInterface {
  name = 'CreateOrganisation1795564804000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_units (
        id          uuid PRIMARY KEY,
        code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,32}$'),
        kind        text NOT NULL CHECK (kind IN ('department', 'section')),
        parent_id   uuid REFERENCES org_units(id),
        name_ja     text NOT NULL,
        name_en     text NOT NULL DEFAULT '',
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'department') = (parent_id IS NULL))
      )`);
    await q.query(`
      CREATE TABLE companies (
        id                          uuid PRIMARY KEY,
        name_ja                     text NOT NULL UNIQUE,
        name_en                     text NOT NULL DEFAULT '',
        agreement_ref               text NOT NULL,
        agreement_valid_from        date NOT NULL,
        agreement_valid_until       date NOT NULL,
        confidentiality_agreement   boolean NOT NULL DEFAULT false,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now(),
        CHECK (agreement_valid_until >= agreement_valid_from)
      )`);
    await q.query(`
      ALTER TABLE people
        ADD COLUMN employment_type text CHECK (employment_type IN ('regular', 'part-time', 'temporary')),
        ADD COLUMN org_unit_id uuid REFERENCES org_units(id),
        ADD COLUMN company_id uuid REFERENCES companies(id),
        ADD CONSTRAINT people_staff_or_contractor CHECK (
          (kind = 'staff' AND company_id IS NULL) OR (kind = 'contractor' AND org_unit_id IS NULL AND employment_type IS NULL))`);
    // People who move to another employer keep their record (the ledger refers to it) with status transferred.
    await q.query(`
      ALTER TABLE people DROP CONSTRAINT people_status_check,
        ADD CONSTRAINT people_status_check CHECK (status IN ('active', 'suspended', 'on-leave', 'transferred', 'retired'))`);
    await q.query(`
      CREATE TABLE identity_checks (
        id             uuid PRIMARY KEY,
        person_id      uuid NOT NULL REFERENCES people(id),
        document_type  text NOT NULL CHECK (document_type IN ('drivers-licence', 'passport', 'my-number-card', 'residence-card', 'health-insurance-card', 'employee-id', 'other')),
        last4          text NOT NULL CHECK (length(last4) BETWEEN 1 AND 4),
        checked_by     uuid NOT NULL,
        checked_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX identity_checks_person_idx ON identity_checks (person_id, checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_checks`);
    await q.query(`UPDATE people SET status = 'retired' WHERE status = 'transferred'`);
    await q.query(`
      ALTER TABLE people DROP CONSTRAINT people_status_check,
        ADD CONSTRAINT people_status_check CHECK (status IN ('active', 'suspended', 'on-leave', 'retired'))`);
    await q.query(`ALTER TABLE people DROP CONSTRAINT people_staff_or_contractor, DROP COLUMN company_id, DROP COLUMN org_unit_id, DROP COLUMN employment_type`);
    await q.query(`DROP TABLE companies`);
    await q.query(`DROP TABLE org_units`);
  }
}
