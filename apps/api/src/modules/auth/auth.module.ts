import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AuthController } from './auth.controller.js';
import { OperatorEntity, OperatorSessionEntity } from './operator.entities.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([OperatorEntity, OperatorSessionEntity])],
  controllers: [AuthController],
  providers: [SessionsService, AdminBootstrapService],
  exports: [SessionsService, AdminBootstrapService],
})
export class AuthModule {}
