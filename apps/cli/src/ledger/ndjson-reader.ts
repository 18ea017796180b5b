import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;

/**
 * The whole lines of one read: line i is buf[starts[i], ends[i]). Only valid until the next batch is asked for
 * (the reader may reuse its buffer), so take what you need of it first.
 */
export class LineBatch {
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  constructor(readonly buf: Buffer) {}

  get length(): number {
    return this.starts.length;
  }

  /**
   * Line i as a string, decoded on its own: a line of plain ASCII then stays a one-byte string, which JSON.parse
   * reads much faster than a slice of a chunk that some Japanese text made two-byte.
   */
  text(i: number): string {
    return this.buf.toString('utf8', this.starts[i], this.ends[i]);
  }

  texts(): string[] {
    return this.starts.map((_, i) => this.text(i));
  }
}

/** The lines of buf[0, end), which ends at a newline or at the end of the file. */
function splitLines(buf: Buffer, end: number): LineBatch {
  const batch = new LineBatch(buf);
  for (let pos = 0; pos <= end; ) {
    const nl = buf.indexOf(NEWLINE, pos);
    const stop = nl < 0 || nl > end ? end : nl;
    batch.starts.push(pos);
    batch.ends.push(stop);
    pos = stop + 1;
  }
  return batch;
}

/**
 * Reads an NDJSON file in batches of lines, hashing its bytes on the way (the manifest check costs no second
 * read). Each batch is the whole lines of one 1 MiB read; memory stays at about one batch.
 */
export class NdjsonReader {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(readonly path: string) {}

  async *batches(): AsyncGenerator<string[]> {
    for await (const batch of this.lineBatches()) yield batch.texts();
  }

  async *lineBatches(): AsyncGenerator<LineBatch> {
    let carry: Buffer | undefined;
    for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const last = buf.lastIndexOf(NEWLINE);
      if (last < 0) {
        carry = buf;
        continue;
      }
      // Cut at a newline, never inside a UTF-8 sequence (a newline byte is never part of one).
      carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
      yield splitLines(buf, last);
    }
    if (carry) yield splitLines(carry, carry.length); // a last line without its newline is still read (and judged)
  }

  /** Hex SHA-256 of every byte read (call after the batches are exhausted). */
  sha256(): string {
    return this.hash.digest('hex');
  }
}
