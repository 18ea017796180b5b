import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PeopleModule } from '../people/people.module.js';
import { SiteModule } from '../site/site.module.js';
import { AccessDecisionsService } from './access-decisions.service.js';
import { DecisionFactsLoader } from './decision-facts.loader.js';

@Module({
  imports: [AccessLogModule, CredentialsModule, LedgerModule, PeopleModule, SiteModule],
  providers: [AccessDecisionsService, DecisionFactsLoader],
  exports: [AccessDecisionsService],
})
export class AccessDecisionsModule {}
