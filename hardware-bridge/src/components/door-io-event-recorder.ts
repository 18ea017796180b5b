import { BridgeEventType } from '#contracts';
import type { DoorIo } from '../devices/door-io.js';
import type { Outbox } from '../outbox/outbox.js';

/** The door I/O module's operational facts: online/offline, Secure Channel, tamper and power. */
export class DoorIoEventRecorder {
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly io: DoorIo,
    private readonly ioModuleId: string,
    private readonly outbox: Outbox,
  ) {}

  start(): void {
    if (this.off.length > 0) return;
    const doorId = this.io.id;
    const ioModuleId = this.ioModuleId;
    this.off.push(
      this.io.on('online', (online) => this.outbox.append(online ? BridgeEventType.DoorIoOnline : BridgeEventType.DoorIoOffline, { doorId, payload: { ioModuleId } })),
      this.io.on('secure-channel', (change) => {
        if (change.state === 'up') this.outbox.append(BridgeEventType.DoorIoSecureChannelUp, { doorId, payload: { ioModuleId, defaultKey: change.defaultKey } });
        else if (change.state === 'down') this.outbox.append(BridgeEventType.DoorIoSecureChannelDown, { doorId, payload: { ioModuleId, reason: change.reason } });
        else this.outbox.append(BridgeEventType.DoorIoSecureChannelFailed, { doorId, payload: { ioModuleId, defaultKey: change.defaultKey } });
      }),
      this.io.on('local-status', (status) =>
        this.outbox.append(BridgeEventType.DoorIoLocalStatus, { doorId, payload: { ioModuleId, tamper: status.tamper, powerFailure: status.powerFailure } }),
      ),
    );
  }

  stop(): void {
    this.off.splice(0).forEach((off) => off());
  }
}
