import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

@Entity('areas')
export class AreaEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('integer') floor!: number;
  /** Set while the area is locked down: nobody enters, whatever their authorisation. */
  @Column('timestamptz', { name: 'lockdown_at', nullable: true }) lockdownAt!: Date | null;
  @Column('text', { name: 'lockdown_reason', nullable: true }) lockdownReason!: string | null;
  @Column('uuid', { name: 'lockdown_by', nullable: true }) lockdownBy!: string | null;
  /** Nobody may be inside alone (reported as a finding). */
  @Column('boolean', { name: 'two_person_rule' }) twoPersonRule!: boolean;
  /** Local "HH:MM": anyone still inside then is a finding. */
  @Column('text', { name: 'closing_time', nullable: true }) closingTime!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('doors')
export class DoorEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'area_id' }) areaId!: string;
  @ManyToOne(() => AreaEntity) @JoinColumn({ name: 'area_id' }) area?: AreaEntity;
  @Column('text', { name: 'bridge_id' }) bridgeId!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('readers')
export class ReaderEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'door_id' }) doorId!: string;
  @ManyToOne(() => DoorEntity) @JoinColumn({ name: 'door_id' }) door?: DoorEntity;
  @Column('text') direction!: 'entry' | 'exit';
  @Column('smallint', { name: 'vein_threshold' }) veinThreshold!: number;
}
