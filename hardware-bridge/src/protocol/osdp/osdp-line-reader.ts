import { FrameSplitter, type OsdpFrame, type SplitResult } from '#osdp';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { PacketTrace } from './packet-trace.js';

/** Nominal OSDP inter-character timeout (docs/osdp.md §A2). */
export const INTER_CHARACTER_TIMEOUT_MS = 20;

export interface LineReaderHandlers {
  frame(frame: OsdpFrame, hadMark: boolean, raw: Buffer): void;
  /** A damaged frame (bad CRC, bad length, or cut short by the inter-character timeout); `raw` starts at SOM. */
  damaged(kind: string, raw: Buffer): void;
}

/**
 * The receive side of a serial line: chunks in, frames out. Resets the splitter when the line stays quiet
 * for the inter-character timeout in the middle of a frame, so a false SOM in noise cannot hold the
 * next real frame hostage. Shared by the bridge's bus (CP) and the simulated peripherals (PD).
 */
export class OsdpLineReader {
  private readonly splitter = new FrameSplitter();
  private idleTimer: TimerHandle | undefined;
  readonly stats = { frames: 0, damaged: 0, garbageBytes: 0 };

  constructor(
    private readonly handlers: LineReaderHandlers,
    private readonly clock: Clock,
    private readonly trace: PacketTrace,
    private readonly interCharacterTimeoutMs = INTER_CHARACTER_TIMEOUT_MS,
  ) {}

  push(chunk: Buffer): void {
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.handle(this.splitter.push(chunk));
    if (this.splitter.pendingLength > 0) {
      this.idleTimer = this.clock.setTimeout(() => {
        this.idleTimer = undefined;
        this.handle(this.splitter.reset());
      }, this.interCharacterTimeoutMs);
    }
  }

  stop(): void {
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private handle(results: SplitResult[]): void {
    for (const result of results) {
      if (result.type === 'frame') {
        this.stats.frames++;
        this.trace.record('RX', result.hadMark ? Buffer.concat([Buffer.of(0xff), result.raw]) : result.raw);
        this.handlers.frame(result.frame, result.hadMark, result.raw);
      } else if (result.type === 'error') {
        this.stats.damaged++;
        this.trace.record('RX-ERR', `${result.error.kind} ${result.raw.toString('hex')}`);
        this.handlers.damaged(result.error.kind, result.raw);
      } else {
        this.stats.garbageBytes += result.skipped;
        this.trace.record('RX-GARBAGE', `${result.skipped} bytes`);
      }
    }
  }
}
