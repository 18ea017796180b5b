import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { CardsController } from './cards.controller.js';
import { CardsService } from './cards.service.js';
import { CredentialsController } from './credentials.controller.js';
import { PinService } from './pin.service.js';
import { VeinTemplatesService } from './vein-templates.service.js';

@Module({
  imports: [AuditModule, PeopleModule],
  controllers: [CredentialsController, CardsController],
  providers: [PinService, VeinTemplatesService, CardsService],
  exports: [PinService, VeinTemplatesService],
})
export class CredentialsModule {}
