import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { SiteModule } from '../site/site.module.js';
import { CacheKeyring } from './cache-keyring.js';
import { CacheSigner } from './cache-signer.js';
import { CredentialCacheBuilder } from './credential-cache.builder.js';
import { CredentialCacheSource } from './credential-cache.source.js';

@Module({
  imports: [PeopleModule, SiteModule],
  providers: [CredentialCacheBuilder, CredentialCacheSource, CacheKeyring, CacheSigner],
  exports: [CredentialCacheBuilder, CacheSigner, CacheKeyring],
})
export class CredentialCacheModule {}
