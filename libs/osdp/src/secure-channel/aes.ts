import { createCipheriv, createDecipheriv } from 'node:crypto';

/** Raw AES-128 helpers: no padding, callers pad (OSDP uses its own 0x80 padding). */

export const AES_BLOCK = 16;

function assertKey(key: Uint8Array): void {
  if (key.length !== 16) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
}

function assertBlocks(data: Uint8Array): void {
  if (data.length % AES_BLOCK !== 0) throw new RangeError(`AES input must be whole blocks, got ${data.length} bytes`);
}

export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function aesEcbDecrypt(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const decipher = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const decipher = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** OSDP padding: 0x80 then zeros up to a block boundary. `always` adds a full block when already aligned. */
export function pad80(data: Uint8Array, always: boolean): Buffer {
  if (!always && data.length % AES_BLOCK === 0) return Buffer.from(data);
  const padded = Buffer.alloc((Math.floor(data.length / AES_BLOCK) + 1) * AES_BLOCK);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

export const bitwiseNot = (bytes: Uint8Array): Buffer => Buffer.from(bytes.map((b) => ~b & 0xff));
