import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('operators')
export class OperatorEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text') role!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('operator_sessions')
export class OperatorSessionEntity {
  @PrimaryColumn('bytea', { name: 'token_hash' }) tokenHash!: Buffer;
  @Column('uuid', { name: 'operator_id' }) operatorId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}
