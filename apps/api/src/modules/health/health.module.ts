import { Module } from '@nestjs/common';
import { HardwareGatewayModule } from '../hardware-gateway/hardware-gateway.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [HardwareGatewayModule],
  controllers: [HealthController],
})
export class HealthModule {}
