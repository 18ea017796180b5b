import { Inject, Injectable, Logger } from '@nestjs/common';
import { generateNoteKey, parseSignerKey, type NoteSigner } from '#domain';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * The Ed25519 key that signs access-log checkpoints. From ACS_LOG_SIGNING_KEY, else from the key file, else
 * generated into the key file on first start (mode 600). Only the verifier key is ever shown.
 */
@Injectable()
export class LogSigner {
  private readonly logger = new Logger(LogSigner.name);
  private signer?: NoteSigner;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async load(): Promise<NoteSigner> {
    if (this.signer) return this.signer;
    const { origin, signingKey, signingKeyFile } = this.config.log;
    let text = signingKey ?? (existsSync(signingKeyFile) ? readFileSync(signingKeyFile, 'utf8').trim() : undefined);
    if (!text) {
      const generated = generateNoteKey(origin);
      await mkdir(dirname(signingKeyFile), { recursive: true });
      await writeFile(signingKeyFile, `${generated.signerKey}\n`, { mode: 0o600 });
      this.logger.log({ file: signingKeyFile, verifierKey: generated.verifierKey }, 'generated the access-log signing key; publish the verifier key');
      text = generated.signerKey;
    }
    const parsed = parseSignerKey(text);
    if (!parsed.ok) throw new Error(`access-log signing key is not usable: ${parsed.error.message}`);
    if (parsed.key.name !== origin) throw new Error(`access-log signing key is named ${parsed.key.name}, but ACS_LOG_ORIGIN is ${origin}`);
    this.signer = parsed.key;
    return parsed.key;
  }

  /** `<name>+<key id>+<base64 public key>`: what auditors put in their trusted list. */
  async verifierKey(): Promise<string> {
    return (await this.load()).verifier.verifierKey;
  }
}
