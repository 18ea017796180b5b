import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A console/API user. Door users are people; an operator may be linked to the person it is. */
@Entity('operators')
export class OperatorEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId!: string | null;
  @Column('boolean', { name: 'must_change_password' }) mustChangePassword!: boolean;
  @Column('integer', { name: 'failed_logins' }) failedLogins!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  /** TOTP secret sealed with the template key; never returned. */
  @Column('bytea', { name: 'totp_secret', nullable: true }) totpSecret!: Buffer | null;
  @Column('boolean', { name: 'totp_enabled' }) totpEnabled!: boolean;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type SessionStage = 'full' | 'password-change';

@Entity('operator_sessions')
export class OperatorSessionEntity {
  @PrimaryColumn('bytea', { name: 'token_hash' }) tokenHash!: Buffer;
  @Column('uuid', { name: 'operator_id' }) operatorId!: string;
  @Column('text') stage!: SessionStage;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}

export type AssignmentStatus = 'active' | 'pending-approval' | 'revoked';

@Entity('role_assignments')
export class RoleAssignmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'operator_id' }) operatorId!: string;
  @Column('text') role!: string;
  @Column('text') status!: AssignmentStatus;
  @Column('uuid', { name: 'deputy_for', nullable: true }) deputyFor!: string | null;
  @Column('uuid', { name: 'granted_by', nullable: true }) grantedBy!: string | null;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy!: string | null;
  @Column('text') reason!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'operator_id' }) operatorId!: string;
  @Column('text') name!: string;
  @Column('bytea', { name: 'token_hash' }) tokenHash!: Buffer;
  @Column('text', { array: true }) scopes!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
}
