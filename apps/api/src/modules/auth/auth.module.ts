import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { ApiTokenEntity, OperatorEntity, OperatorSessionEntity, RoleAssignmentEntity } from './operator.entities.js';
import { OperatorsController } from './operators.controller.js';
import { OperatorsService } from './operators.service.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([OperatorEntity, OperatorSessionEntity, RoleAssignmentEntity, ApiTokenEntity]), AuditModule, PeopleModule],
  controllers: [AuthController, OperatorsController, ApiTokensController],
  providers: [SessionsService, AuthService, OperatorsService, AdminBootstrapService],
  exports: [SessionsService, AdminBootstrapService],
})
export class AuthModule {}
