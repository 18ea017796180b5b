import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaEntity, DoorEntity, ReaderEntity } from './site.entities.js';
import { SiteRepository } from './site.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([AreaEntity, DoorEntity, ReaderEntity])],
  providers: [SiteRepository],
  exports: [SiteRepository],
})
export class SiteModule {}
