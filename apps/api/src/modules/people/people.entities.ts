import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type PersonKind = 'staff' | 'contractor';
export type PersonStatus = 'active' | 'suspended' | 'on-leave' | 'retired';

@Entity('people')
export class PersonEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'person_no' }) personNo!: string;
  @Column('text') kind!: PersonKind;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'name_kana' }) nameKana!: string;
  @Column('text', { name: 'affiliation_ja' }) affiliationJa!: string;
  @Column('text', { name: 'affiliation_en' }) affiliationEn!: string;
  @Column('text') status!: PersonStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The PIN as an argon2id verifier; never returned by the API, never logged. */
@Entity('pin_credentials')
export class PinCredentialEntity {
  @PrimaryColumn('uuid', { name: 'person_id' }) personId!: string;
  @Column('text') verifier!: string;
  @Column('boolean', { name: 'must_change' }) mustChange!: boolean;
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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
