import { Injectable, Logger } from '@nestjs/common';
import { topics, type BridgeCommand } from '#contracts';
import { BridgeRegistry } from './bridge-registry.js';
import { MqttConnection } from './mqtt-connection.js';

/**
 * Sends commands to bridges (QoS 1, never retained). Only to a bridge the api knows to be online: a command
 * for an offline bridge would wait at the broker, and its expiry would refuse it there anyway.
 */
@Injectable()
export class BridgeCommandSender {
  private readonly logger = new Logger(BridgeCommandSender.name);

  constructor(
    private readonly mqtt: MqttConnection,
    private readonly registry: BridgeRegistry,
  ) {}

  /** True once the broker has taken the command; false when the bridge is offline or the broker unreachable. */
  async send(bridgeId: string, command: BridgeCommand): Promise<boolean> {
    if (!this.registry.isOnline(bridgeId)) return false;
    try {
      await this.mqtt.publish(topics.bridgeCommands(this.mqtt.baseTopic, bridgeId), command, { qos: 1 });
      return true;
    } catch (error) {
      this.logger.warn({ bridgeId, commandId: command.id, type: command.type, err: (error as Error).message }, 'command not sent');
      return false;
    }
  }
}
