import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Vein templates at rest: AES-256-GCM under the template key, bound to the person and template ids as associated
 * data so a sealed template cannot be moved to another person. Layout: iv(12) ‖ tag(16) ‖ ciphertext.
 */
export class TemplateCipher {
  constructor(private readonly key: { id: string; key: Buffer }) {
    if (key.key.length !== 32) throw new Error('template key must be 32 bytes');
  }

  get keyId(): string {
    return this.key.id;
  }

  seal(template: Buffer, personId: string, templateId: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key.key, iv);
    cipher.setAAD(aad(personId, templateId));
    const ciphertext = Buffer.concat([cipher.update(template), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer, personId: string, templateId: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key.key, sealed.subarray(0, 12));
    decipher.setAAD(aad(personId, templateId));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }
}

function aad(personId: string, templateId: string): Buffer {
  return Buffer.from(`acs-vein-template|${personId}|${templateId}`, 'utf8');
}
