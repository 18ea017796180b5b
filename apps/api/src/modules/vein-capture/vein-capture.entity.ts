import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type VeinCaptureState = 'pending' | 'enrolled' | 'failed';

/** One enrolment through a door reader an operator started (never the template itself). */
@Entity('vein_captures')
export class VeinCaptureEntity {
  /** Also the id of the `vein-capture` command and of the result the bridge sends back. */
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'reader_id' }) readerId!: string;
  @Column('text', { name: 'bridge_id' }) bridgeId!: string;
  @Column('text') position!: string;
  @Column('smallint') format!: number;
  /** Whether an existing template for the position may be replaced. */
  @Column('boolean', { name: 'replace_existing' }) replaceExisting!: boolean;
  @Column('text') status!: VeinCaptureState;
  @Column('text', { nullable: true }) reason!: string | null;
  /** The bridge's code when it refused the command (e.g. EXPIRED). */
  @Column('text', { nullable: true }) detail!: string | null;
  @Column('smallint', { nullable: true }) quality!: number | null;
  @Column('uuid', { name: 'template_id', nullable: true }) templateId!: string | null;
  @Column('uuid', { name: 'requested_by' }) requestedBy!: string;
  @Column('text', { name: 'requested_by_username' }) requestedByUsername!: string;
  @Column('text', { name: 'requested_via' }) requestedVia!: 'session' | 'api-token';
  /** The command's expiry: the bridge does not start the capture after it. */
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  /** A capture still pending after this has failed (timeout); a later result is discarded. */
  @Column('timestamptz', { name: 'deadline_at' }) deadlineAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
}
