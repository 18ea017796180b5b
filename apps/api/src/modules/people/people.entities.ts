import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type PersonKind = 'staff' | 'contractor';
export type PersonStatus = 'active' | 'suspended' | 'on-leave' | 'transferred' | 'retired';
export type EmploymentType = 'regular' | 'part-time' | 'temporary';

@Entity('people')
export class PersonEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'person_no' }) personNo!: string;
  @Column('text') kind!: PersonKind;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'name_kana' }) nameKana!: string;
  /** Display snapshot of the department/section or company, kept in step by the people service. */
  @Column('text', { name: 'affiliation_ja' }) affiliationJa!: string;
  @Column('text', { name: 'affiliation_en' }) affiliationEn!: string;
  @Column('text') status!: PersonStatus;
  @Column('text', { name: 'employment_type', nullable: true }) employmentType!: EmploymentType | null;
  @Column('uuid', { name: 'org_unit_id', nullable: true }) orgUnitId!: string | null;
  @Column('uuid', { name: 'company_id', nullable: true }) companyId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The PIN as an argon2id verifier; never returned by the API, never logged. */
@Entity('pin_credentials')
export class PinCredentialEntity {
  @PrimaryColumn('uuid', { name: 'person_id' }) personId!: string;
  @Column('text') verifier!: string;
  /** A temporary PIN issued by an administrator: unusable at the door until the person changes it. */
  @Column('boolean', { name: 'must_change' }) mustChange!: boolean;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('integer', { name: 'failed_attempts' }) failedAttempts!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column('uuid', { name: 'issued_by', nullable: true }) issuedBy!: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A vein template, sealed with AES-256-GCM under the template key; never returned, never logged. */
@Entity('vein_templates')
export class VeinTemplateEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text') position!: string;
  @Column('smallint') format!: number;
  @Column('text', { name: 'key_id' }) keyId!: string;
  @Column('bytea') sealed!: Buffer;
  @Column('uuid', { name: 'enrolled_by', nullable: true }) enrolledBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type AuthorisationStatus = 'active' | 'suspended' | 'revoked';

/** A weekly window in the site's local time: ISO weekdays 1 (Mon) … 7 (Sun), times "HH:MM". */
export interface ScheduleWindow {
  days: number[];
  from: string;
  to: string;
}

export interface WeeklySchedule {
  windows: ScheduleWindow[];
  /** Whether the windows apply on public holidays (the calendar in `holidays`). */
  onHolidays: boolean;
}

@Entity('authorisations')
export class AuthorisationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'area_id' }) areaId!: string;
  @Column('timestamptz', { name: 'valid_from' }) validFrom!: Date;
  @Column('timestamptz', { name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Column('boolean', { name: 'requires_escort' }) requiresEscort!: boolean;
  @Column('text') reason!: string;
  @Column('text', { name: 'approved_by' }) approvedBy!: string;
  @Column('uuid', { name: 'approved_by_id', nullable: true }) approvedById!: string | null;
  @Column('text') status!: AuthorisationStatus;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'status_changed_at', nullable: true }) statusChangedAt!: Date | null;
  @Column('uuid', { name: 'status_changed_by', nullable: true }) statusChangedBy!: string | null;
  @Column('jsonb', { nullable: true }) schedule!: WeeklySchedule | null;
  @Column('boolean') temporary!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
