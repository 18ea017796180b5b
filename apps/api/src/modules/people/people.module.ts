import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditModule } from '../audit/audit.module.js';
import { CardCredentialEntity } from './card-credential.entity.js';
import { CompanyEntity, IdentityCheckEntity, OrgUnitEntity } from './organisation.entities.js';
import { OrganisationService } from './organisation.service.js';
import { AuthorisationEntity, PersonEntity, PinCredentialEntity, VeinTemplateEntity } from './people.entities.js';
import { PeopleController } from './people.controller.js';
import { PeopleRepository } from './people.repository.js';
import { PeopleService } from './people.service.js';
import { TemplateCipher } from './template-cipher.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([PersonEntity, PinCredentialEntity, VeinTemplateEntity, CardCredentialEntity, AuthorisationEntity, OrgUnitEntity, CompanyEntity, IdentityCheckEntity]),
    AuditModule,
  ],
  controllers: [PeopleController],
  providers: [
    PeopleRepository,
    PeopleService,
    OrganisationService,
    { provide: TemplateCipher, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new TemplateCipher(c.templateKey) },
  ],
  exports: [PeopleRepository, PeopleService, TemplateCipher],
})
export class PeopleModule {}
