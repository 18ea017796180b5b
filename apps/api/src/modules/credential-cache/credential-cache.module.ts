import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { SiteModule } from '../site/site.module.js';
import { CredentialCacheBuilder } from './credential-cache.builder.js';

@Module({
  imports: [PeopleModule, SiteModule],
  providers: [CredentialCacheBuilder],
  exports: [CredentialCacheBuilder],
})
export class CredentialCacheModule {}
