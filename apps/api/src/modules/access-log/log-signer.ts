import { Inject, Injectable, Logger } from '@nestjs/common';
import { generateNoteKey, parseSignerKeySet, type NoteSigner } from '#domain';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { logKeyStamp, readLogKeys, writeLogKeys, type LogKeyLocation } from './log-key-store.js';

/**
 * The Ed25519 keys that sign access-log checkpoints: from ACS_LOG_SIGNING_KEY, else from the key file, else one
 * generated into the key file on first start (mode 600). The first key is the current one; any others co-sign
 * during a rotation (`acs log key rotate` / `retire`). A rewritten key file is picked up at the next checkpoint,
 * without a restart. Only verifier keys are ever shown.
 */
@Injectable()
export class LogSigner {
  private readonly logger = new Logger(LogSigner.name);
  private loaded?: { stamp: string; keys: readonly NoteSigner[] };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get location(): LogKeyLocation {
    return { envText: this.config.log.signingKey, file: this.config.log.signingKeyFile };
  }

  /** Every key that signs from now on, current first. */
  async keys(): Promise<readonly NoteSigner[]> {
    const stamp = logKeyStamp(this.location);
    if (this.loaded?.stamp === stamp) return this.loaded.keys;
    const { origin } = this.config.log;
    let found = await readLogKeys(this.location);
    if (!found) {
      const generated = generateNoteKey(origin);
      await writeLogKeys(this.location.file, [generated.signerKey]);
      this.logger.log({ file: this.location.file, verifierKey: generated.verifierKey }, 'generated the access-log signing key; publish the verifier key');
      found = { text: generated.signerKey, from: this.location.file };
    }
    const parsed = parseSignerKeySet(found.text, origin);
    if (!parsed.ok) throw new Error(`access-log signing key (${found.from}) is not usable: ${parsed.error.message} (the name must be ACS_LOG_ORIGIN, ${origin})`);
    if (this.loaded) this.logger.log({ verifierKeys: parsed.keys.map((k) => k.verifier.verifierKey) }, 'access-log signing keys changed');
    this.loaded = { stamp: logKeyStamp(this.location), keys: parsed.keys };
    return parsed.keys;
  }

  /** The current key. */
  async load(): Promise<NoteSigner> {
    return (await this.keys())[0]!;
  }

  /** `<name>+<key id>+<base64 public key>` of the current key: what auditors put in their trusted list. */
  async verifierKey(): Promise<string> {
    return (await this.load()).verifier.verifierKey;
  }

  /** The verifier keys of every key that signs now (more than one during a rotation). */
  async verifierKeys(): Promise<string[]> {
    return (await this.keys()).map((k) => k.verifier.verifierKey);
  }
}
