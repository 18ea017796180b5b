import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StayMethod = 'vein+pin' | 'offline' | 'emergency';

/** One stay in a managed area: a row of the entry ledger (入退室管理簿), projected from the access log. */
@Entity('ledger_stays')
export class LedgerStayEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'area_id' }) areaId!: string;
  @Column('uuid', { name: 'entry_attempt_id' }) entryAttemptId!: string;
  @Column('text', { name: 'entry_door_id' }) entryDoorId!: string;
  @Column('timestamptz', { name: 'entered_at' }) enteredAt!: Date;
  @Column('uuid', { name: 'exit_attempt_id', nullable: true }) exitAttemptId!: string | null;
  @Column('text', { name: 'exit_door_id', nullable: true }) exitDoorId!: string | null;
  @Column('timestamptz', { name: 'exited_at', nullable: true }) exitedAt!: Date | null;
  @Column('text') method!: StayMethod;
  @Column('uuid', { name: 'escort_person_id', nullable: true }) escortPersonId!: string | null;
  /** 目的: the latest purpose annotation. */
  @Column('text', { nullable: true }) purpose!: string | null;
  /** How the stay ended: a real exit, or closed by an operator's anti-passback forgive. */
  @Column('text', { name: 'exit_kind', nullable: true }) exitKind!: 'exit' | 'forgiven' | null;
}
