import { CTRL_CRC, DEFAULT_MAX_FRAME_LENGTH, HEADER_LENGTH, MARK, SOM } from '../constants.js';
import type { FrameErrorKind, OsdpFrame } from './frame.js';
import { decodeFrame } from './frame-codec.js';

export type SplitErrorKind = FrameErrorKind | 'too-long';

/** One thing found in the byte stream. `raw` never includes mark bytes. */
export type SplitResult =
  | { type: 'frame'; raw: Buffer; frame: OsdpFrame; hadMark: boolean }
  /** Bytes that were neither a mark nor part of a frame were dropped. */
  | { type: 'garbage'; skipped: number }
  /** A SOM that did not start a valid frame; the splitter resynchronised on the next SOM after it. */
  | { type: 'error'; raw: Buffer; error: { kind: SplitErrorKind; detail: string } };

export interface FrameSplitterOptions {
  /** Largest LEN accepted; a larger LEN is reported as 'too-long' and skipped (default 1440). */
  maxFrameLength?: number;
}

/**
 * Incremental OSDP packet splitter (docs/osdp.md §A2 "message sync"): feed it whatever the serial port
 * delivers, get whole frames back. Pure apart from its own buffer: no timers; call reset() when the
 * caller's inter-character timeout (nominally 20 ms) expires.
 */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** A 0xFF mark directly preceded the SOM at the head of `pending`. */
  private sawMark = false;
  private readonly maxFrameLength: number;

  constructor(options: FrameSplitterOptions = {}) {
    this.maxFrameLength = Math.min(options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH, 0xffff);
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingLength(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): SplitResult[] {
    if (chunk.length > 0) this.pending = Buffer.concat([this.pending, chunk]);
    return this.scan();
  }

  /**
   * Line went idle: the partial frame at the head is abandoned ('truncated') and the bytes after its
   * SOM are rescanned, so a complete frame hidden behind a false SOM is still delivered. Leaves the
   * splitter empty.
   */
  reset(): SplitResult[] {
    const results: SplitResult[] = [];
    while (this.pending.length > 0) {
      results.push({
        type: 'error',
        raw: Buffer.from(this.pending),
        error: { kind: 'truncated', detail: `line idle with ${this.pending.length} bytes of an unfinished frame` },
      });
      this.dropSom();
      // The abandoned frame's bytes are already reported; only rescan if another SOM may start a frame.
      if (!this.pending.includes(SOM)) break;
      results.push(...this.scan());
    }
    this.pending = Buffer.alloc(0);
    this.sawMark = false;
    return results;
  }

  private scan(): SplitResult[] {
    const results: SplitResult[] = [];
    let garbage = 0;
    const flushGarbage = (): void => {
      if (garbage > 0) results.push({ type: 'garbage', skipped: garbage });
      garbage = 0;
    };

    for (;;) {
      let i = 0;
      while (i < this.pending.length && this.pending[i] !== SOM) {
        if (this.pending[i] === MARK) {
          this.sawMark = true;
        } else {
          garbage++;
          this.sawMark = false;
        }
        i++;
      }
      this.pending = this.pending.subarray(i);
      if (this.pending.length < HEADER_LENGTH) break;

      const length = this.pending.readUInt16LE(2);
      const minimum = HEADER_LENGTH + 1 + (this.pending[4]! & CTRL_CRC ? 2 : 1);
      if (length < minimum || length > this.maxFrameLength) {
        flushGarbage();
        results.push({
          type: 'error',
          raw: Buffer.from(this.pending.subarray(0, HEADER_LENGTH)),
          error:
            length < minimum
              ? { kind: 'bad-length', detail: `LEN ${length} below minimum ${minimum}` }
              : { kind: 'too-long', detail: `LEN ${length} above maximum ${this.maxFrameLength}` },
        });
        this.dropSom();
        continue;
      }
      if (this.pending.length < length) break;

      flushGarbage();
      const raw = Buffer.from(this.pending.subarray(0, length));
      const decoded = decodeFrame(raw);
      if (decoded.ok) {
        results.push({ type: 'frame', raw, frame: decoded.frame, hadMark: this.sawMark });
        this.pending = this.pending.subarray(length);
        this.sawMark = false;
      } else {
        results.push({ type: 'error', raw, error: decoded.error });
        this.dropSom();
      }
    }
    flushGarbage();
    // Copy so a large chunk we sliced is not kept alive by a few pending bytes.
    this.pending = Buffer.from(this.pending);
    return results;
  }

  /** Resynchronise: the SOM at the head was false, look for the next one after it. */
  private dropSom(): void {
    this.pending = this.pending.subarray(1);
    this.sawMark = false;
  }
}
