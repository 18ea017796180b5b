import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An IC staff card: only the keyed hash of its number (HMAC-SHA-256 under the card key), never the number. */
@Entity('card_credentials')
export class CardCredentialEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('bytea', { name: 'card_hash' }) cardHash!: Buffer;
  @Column('text', { nullable: true }) label!: string | null;
  @Column('uuid', { name: 'registered_by', nullable: true }) registeredBy!: string | null;
  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('uuid', { name: 'revoked_by', nullable: true }) revokedBy!: string | null;
  @Column('text', { name: 'revoke_reason', nullable: true }) revokeReason!: string | null;
}
