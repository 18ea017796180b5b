import { PayloadFormatError } from './payload-result.js';

/** Little-endian cursor over a payload; underflow is a 'bad-length' PayloadFormatError. */
export class ByteReader {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  get remaining(): number {
    return this.data.length - this.offset;
  }

  u8(): number {
    this.need(1);
    return this.data[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const value = this.data.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  u24(): number {
    this.need(3);
    const value = this.data.readUIntLE(this.offset, 3);
    this.offset += 3;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.data.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(count: number): Buffer {
    this.need(count);
    const value = Buffer.from(this.data.subarray(this.offset, this.offset + count));
    this.offset += count;
    return value;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** Fixed-layout payloads must not carry trailing bytes. */
  end(): void {
    if (this.remaining !== 0) throw new PayloadFormatError('bad-length', `${this.remaining} unexpected trailing bytes`);
  }

  private need(count: number): void {
    if (this.remaining < count) {
      throw new PayloadFormatError('bad-length', `needs ${count} more bytes, ${this.remaining} left`);
    }
  }
}

/** Repeated fixed-size records (OUT, LED, BUZ): at least one, whole records only. */
export function readRecords<T>(data: Buffer, size: number, read: (reader: ByteReader) => T): T[] {
  if (data.length === 0 || data.length % size !== 0) {
    throw new PayloadFormatError('bad-length', `expected a non-zero multiple of ${size} bytes, got ${data.length}`);
  }
  const reader = new ByteReader(data);
  const records: T[] = [];
  while (reader.remaining > 0) records.push(read(reader));
  return records;
}
