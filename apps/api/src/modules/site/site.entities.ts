import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

@Entity('areas')
export class AreaEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en' }) nameEn!: string;
  @Column('integer') floor!: number;
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
