import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { DoorEntity, ReaderEntity } from './site.entities.js';

@Injectable()
export class SiteRepository {
  constructor(
    @InjectRepository(DoorEntity) private readonly doors: Repository<DoorEntity>,
    @InjectRepository(ReaderEntity) private readonly readers: Repository<ReaderEntity>,
  ) {}

  /** The door with its area, only when it belongs to the given bridge. */
  findDoorOfBridge(doorId: string, bridgeId: string, manager?: EntityManager): Promise<DoorEntity | null> {
    return (manager?.getRepository(DoorEntity) ?? this.doors).findOne({ where: { id: doorId, bridgeId }, relations: { area: true } });
  }

  findReader(readerId: string, manager?: EntityManager): Promise<ReaderEntity | null> {
    return (manager?.getRepository(ReaderEntity) ?? this.readers).findOneBy({ id: readerId });
  }

  readersOfBridge(bridgeId: string): Promise<ReaderEntity[]> {
    return this.readers.find({ where: { door: { bridgeId } }, relations: { door: true } });
  }
}
