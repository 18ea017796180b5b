import { ReaderTamperStatus, ReplyCode, type OsdpReply } from '#osdp';
import type { OsdpPdChannel } from '../../protocol/osdp/osdp-pd-channel.js';
import type { LocalStatus, SupervisionEvents } from '../device-supervision.js';

export interface SupervisionSink {
  emit<K extends keyof SupervisionEvents>(event: K, value: SupervisionEvents[K]): void;
}

/**
 * Turns one PD channel's session events into device supervision events: online/offline, Secure Channel
 * up/down/failed (failed once per offline period, not at every re-probe), and local status from LSTATR
 * and RSTATR (reported on change only).
 */
export class OsdpSupervision {
  private failureReported = false;
  private local: LocalStatus | undefined;
  private readerTamper = false;
  private lstat: LocalStatus = { tamper: false, powerFailure: false };

  constructor(private readonly emitter: SupervisionSink) {}

  attach(channel: OsdpPdChannel): Array<() => void> {
    return [
      channel.on('online', () => {
        this.failureReported = false;
        this.emitter.emit('online', true);
      }),
      channel.on('offline', () => this.emitter.emit('online', false)),
      channel.on('secure-channel-up', ({ defaultKey }) => this.emitter.emit('secure-channel', { state: 'up', defaultKey })),
      channel.on('secure-channel-down', ({ reason }) => this.emitter.emit('secure-channel', { state: 'down', reason })),
      channel.on('secure-channel-failed', ({ defaultKey }) => {
        if (this.failureReported) return;
        this.failureReported = true;
        this.emitter.emit('secure-channel', { state: 'failed', defaultKey });
      }),
    ];
  }

  /** Returns true when the reply was a status report this class consumed. */
  onStatusReply(reply: OsdpReply): boolean {
    if (reply.code === ReplyCode.Lstatr) {
      this.lstat = { tamper: reply.tamper !== 0, powerFailure: reply.power !== 0 };
    } else if (reply.code === ReplyCode.Rstatr) {
      this.readerTamper = reply.readers.some((r) => r === ReaderTamperStatus.Tamper);
    } else {
      return false;
    }
    const next: LocalStatus = { tamper: this.lstat.tamper || this.readerTamper, powerFailure: this.lstat.powerFailure };
    if (!this.local || next.tamper !== this.local.tamper || next.powerFailure !== this.local.powerFailure) {
      // The first status after start is only news when something is wrong.
      const first = !this.local;
      this.local = next;
      if (!first || next.tamper || next.powerFailure) this.emitter.emit('local-status', next);
    }
    return true;
  }
}
