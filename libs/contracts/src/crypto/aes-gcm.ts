import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM output as it travels in JSON payloads (base64 fields). */
export interface GcmSealed {
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Seals `plain` under a 32-byte key with a fresh 96-bit IV, binding `aad` (checked again on opening). */
export function gcmSeal(plain: Buffer, key: Buffer, aad: Buffer): GcmSealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** The plaintext, or undefined when the key, the associated data or any byte is not what was sealed. */
export function gcmOpen(sealed: GcmSealed, key: Buffer, aad: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}
