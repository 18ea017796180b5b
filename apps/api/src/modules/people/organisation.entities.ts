import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('org_units')
export class OrgUnitEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') kind!: 'department' | 'section';
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A contractor company and its agreement (覚書), checked periodically (6(4)). */
@Entity('companies')
export class CompanyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('text', { name: 'agreement_ref' }) agreementRef!: string;
  @Column('date', { name: 'agreement_valid_from' }) agreementValidFrom!: string;
  @Column('date', { name: 'agreement_valid_until' }) agreementValidUntil!: string;
  @Column('boolean', { name: 'confidentiality_agreement' }) confidentialityAgreement!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** An identity document checked for a contractor: type and last 4 characters only (3(2)②イ). */
@Entity('identity_checks')
export class IdentityCheckEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'document_type' }) documentType!: string;
  @Column('text') last4!: string;
  @Column('uuid', { name: 'checked_by' }) checkedBy!: string;
  @CreateDateColumn({ name: 'checked_at', type: 'timestamptz' }) checkedAt!: Date;
}

@Entity('holidays')
export class HolidayEntity {
  @PrimaryColumn('date') date!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('text') source!: 'builtin' | 'admin';
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('id_reviews')
export class IdReviewEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text') outcome!: 'keep' | 'suspend' | 'retire';
  @Column('text') note!: string;
  @Column('integer', { name: 'idle_days' }) idleDays!: number;
  @Column('uuid', { name: 'reviewed_by' }) reviewedBy!: string;
  @CreateDateColumn({ name: 'reviewed_at', type: 'timestamptz' }) reviewedAt!: Date;
}
