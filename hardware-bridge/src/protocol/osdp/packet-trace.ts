import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../clock/clock.js';

export type TraceDirection = 'TX' | 'RX' | 'RX-ERR' | 'RX-GARBAGE' | 'NOTE';

/** Field debugging: every frame on a bus as one line, `timestamp direction hex` (libosdp osdp_diag idea). */
export interface PacketTrace {
  record(direction: TraceDirection, bytes: Buffer | string): void;
  close(): Promise<void>;
}

export const NO_TRACE: PacketTrace = { record: () => undefined, close: async () => undefined };

/** Formats one trace line: `2026-11-25T01:00:00.123Z TX ff 53 65 08 00 04 60 60 90`. */
export function formatTraceLine(atMs: number, direction: TraceDirection, bytes: Buffer | string): string {
  const body = typeof bytes === 'string' ? bytes : [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${new Date(atMs).toISOString()} ${direction} ${body}\n`;
}

/**
 * Appends trace lines to a file. Secure Channel payloads are on the wire encrypted, so the trace holds what
 * a logic analyser would see — no keys; plaintext-mode devices do show their keypad digits, as the wire does.
 */
export class FilePacketTrace implements PacketTrace {
  private readonly stream: WriteStream;

  constructor(
    path: string,
    private readonly clock: Clock,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    this.stream.on('error', () => undefined); // a full disk must not take the bus down
  }

  record(direction: TraceDirection, bytes: Buffer | string): void {
    this.stream.write(formatTraceLine(this.clock.nowMs(), direction, bytes));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
