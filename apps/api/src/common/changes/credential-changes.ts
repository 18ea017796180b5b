import { Global, Injectable, Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed.js';
import { StayChanges } from './stay-changes.js';

/**
 * Announces, after commit, that something bridges authenticate or decide with has changed (a person's status,
 * PIN, templates, an authorisation). The hardware gateway answers by pushing fresh credential caches, so a
 * revocation reaches the doors within seconds.
 */
@Injectable()
export class CredentialChanges extends ChangeFeed<string> {}

@Global()
@Module({ providers: [CredentialChanges, StayChanges], exports: [CredentialChanges, StayChanges] })
export class ChangesModule {}
