import { BridgeEventType } from '#contracts';
import type { Reader } from '../devices/reader.js';
import type { Outbox } from '../outbox/outbox.js';

/**
 * A reader's operational facts for the log: online/offline, Secure Channel up/down/failed, tamper and
 * power (local status). Identifiers (keyed staff numbers and card reads) are recorded by the door sequence,
 * which alone knows whether keys were an identifier or a PIN, and names a card by its keyed-hash reference
 * rather than its number.
 */
export class ReaderEventRecorder {
  private readonly off: Array<() => void> = [];
  private tamper = false;

  constructor(
    private readonly reader: Reader,
    private readonly doorId: string,
    private readonly outbox: Outbox,
  ) {}

  start(): void {
    if (this.off.length > 0) return;
    const at = { doorId: this.doorId, readerId: this.reader.id };
    this.off.push(
      this.reader.on('online', (online) => this.outbox.append(online ? BridgeEventType.ReaderOnline : BridgeEventType.ReaderOffline, at)),
      this.reader.on('secure-channel', (change) => {
        if (change.state === 'up') this.outbox.append(BridgeEventType.ReaderSecureChannelUp, { ...at, payload: { defaultKey: change.defaultKey } });
        else if (change.state === 'down') this.outbox.append(BridgeEventType.ReaderSecureChannelDown, { ...at, payload: { reason: change.reason } });
        else this.outbox.append(BridgeEventType.ReaderSecureChannelFailed, { ...at, payload: { defaultKey: change.defaultKey } });
      }),
      this.reader.on('local-status', (status) => {
        this.outbox.append(BridgeEventType.ReaderLocalStatus, { ...at, payload: { tamper: status.tamper, powerFailure: status.powerFailure } });
        if (status.tamper && !this.tamper) this.outbox.append(BridgeEventType.ReaderTamper, at);
        this.tamper = status.tamper;
      }),
    );
  }

  stop(): void {
    this.off.splice(0).forEach((off) => off());
  }
}
