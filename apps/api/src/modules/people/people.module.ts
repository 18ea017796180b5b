import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import {
  AuthorisationEntity,
  PersonEntity,
  PinCredentialEntity,
  VeinTemplateEntity,
} from './people.entities.js';
import { PeopleRepository } from './people.repository.js';
import { TemplateCipher } from './template-cipher.js';

@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity, PinCredentialEntity, VeinTemplateEntity, AuthorisationEntity])],
  providers: [
    PeopleRepository,
    { provide: TemplateCipher, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new TemplateCipher(c.templateKey) },
  ],
  exports: [PeopleRepository, TemplateCipher],
})
export class PeopleModule {}
