import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { CredentialCacheModule } from '../credential-cache/credential-cache.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { HardwareGatewayModule } from '../hardware-gateway/hardware-gateway.module.js';
import { VeinCaptureEntity } from './vein-capture.entity.js';
import { VeinCaptureResults } from './vein-capture-results.js';
import { VeinCapturesController } from './vein-captures.controller.js';
import { VeinCapturesService } from './vein-captures.service.js';

/** Enrolment of vein templates through a door reader (OSDP BIOREAD at the bridge). */
@Module({
  imports: [TypeOrmModule.forFeature([VeinCaptureEntity]), AuditModule, CredentialsModule, CredentialCacheModule, HardwareGatewayModule],
  controllers: [VeinCapturesController],
  providers: [VeinCapturesService, VeinCaptureResults],
})
export class VeinCaptureModule {}
