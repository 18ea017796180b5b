import { BridgeEventType } from '#contracts';
import type { Reader } from '../devices/reader.js';
import type { Outbox } from '../outbox/outbox.js';

/** A reader that stops answering (or comes back) is an operational fact for the log. */
export class ReaderEventRecorder {
  private off: (() => void) | undefined;

  constructor(
    private readonly reader: Reader,
    private readonly doorId: string,
    private readonly outbox: Outbox,
  ) {}

  start(): void {
    this.off ??= this.reader.on('online', (online) =>
      this.outbox.append(online ? BridgeEventType.ReaderOnline : BridgeEventType.ReaderOffline, {
        doorId: this.doorId,
        readerId: this.reader.id,
      }),
    );
  }

  stop(): void {
    this.off?.();
    this.off = undefined;
  }
}
