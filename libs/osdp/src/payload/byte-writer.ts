/** Builds a payload; out-of-range fields throw RangeError naming the field (a caller bug, not line noise). */
export class ByteWriter {
  private readonly parts: Buffer[] = [];

  u8(name: string, value: number): this {
    return this.uint(name, value, 1);
  }

  u16(name: string, value: number): this {
    return this.uint(name, value, 2);
  }

  u24(name: string, value: number): this {
    return this.uint(name, value, 3);
  }

  u32(name: string, value: number): this {
    return this.uint(name, value, 4);
  }

  bytes(name: string, value: Uint8Array, expectedLength?: number): this {
    if (expectedLength !== undefined && value.length !== expectedLength) {
      throw new RangeError(`${name} must be ${expectedLength} bytes, got ${value.length}`);
    }
    this.parts.push(Buffer.from(value));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private uint(name: string, value: number, size: number): this {
    const max = 2 ** (8 * size) - 1;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`${name} must be an integer 0..${max}, got ${value}`);
    }
    const buf = Buffer.alloc(size);
    buf.writeUIntLE(value, 0, size);
    this.parts.push(buf);
    return this;
  }
}
