import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { IdReviewsController } from './id-reviews.controller.js';
import { IdReviewsService } from './id-reviews.service.js';

@Module({
  imports: [AuditModule, PeopleModule],
  controllers: [IdReviewsController],
  providers: [IdReviewsService],
})
export class IdReviewsModule {}
