import { Module } from '@nestjs/common';
import { AccessDecisionsModule } from '../access-decisions/access-decisions.module.js';
import { AccessLogModule } from '../access-log/access-log.module.js';
import { CredentialCacheModule } from '../credential-cache/credential-cache.module.js';
import { BridgeCommandSender } from './bridge-command.sender.js';
import { BridgeEventsIngestor } from './bridge-events.ingestor.js';
import { BridgeMessagesConsumer } from './bridge-messages.consumer.js';
import { BridgeRegistry } from './bridge-registry.js';
import { BridgeResults } from './bridge-results.js';
import { ClockWatch } from './clock-watch.js';
import { CredentialCachePublisher } from './credential-cache.publisher.js';
import { CredentialCacheSender } from './credential-cache.sender.js';
import { MqttConnection } from './mqtt-connection.js';
import { MqttStats } from './mqtt-stats.js';

@Module({
  imports: [AccessDecisionsModule, AccessLogModule, CredentialCacheModule],
  providers: [
    MqttConnection, MqttStats, BridgeRegistry, ClockWatch, BridgeEventsIngestor, BridgeMessagesConsumer, CredentialCacheSender, CredentialCachePublisher,
    BridgeCommandSender, BridgeResults,
  ],
  exports: [MqttConnection, MqttStats, BridgeRegistry, ClockWatch, BridgeCommandSender, BridgeResults],
})
export class HardwareGatewayModule {}
