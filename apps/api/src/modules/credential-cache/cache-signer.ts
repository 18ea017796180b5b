import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  cacheSigningKeyFromSeed,
  generateCacheSigningSeed,
  signCredentialCache,
  type CacheSigningKey,
  type SealedCredentialCache,
} from '#contracts';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * The Ed25519 key every credential cache is signed with: ACS_CACHE_SIGNING_KEY, else the key file, else
 * generated into the key file on first start (mode 600). Only the public key is ever logged: it is what bridges
 * are configured with (BRIDGE_API_PUBLIC_KEY).
 */
@Injectable()
export class CacheSigner implements OnModuleInit {
  private readonly logger = new Logger(CacheSigner.name);
  private key?: CacheSigningKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const { seed, keyFile } = this.config.cacheSigning;
    let bytes = seed ?? (existsSync(keyFile) ? Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64') : undefined);
    let generated = false;
    if (!bytes) {
      bytes = generateCacheSigningSeed();
      await mkdir(dirname(keyFile), { recursive: true });
      await writeFile(keyFile, `${bytes.toString('base64')}\n`, { mode: 0o600 });
      generated = true;
    }
    if (bytes.length !== 32) throw new Error(`cache signing key in ${keyFile} is not a 32-byte Ed25519 seed (base64)`);
    this.key = cacheSigningKeyFromSeed(bytes);
    this.logger.log(
      { publicKey: this.key.publicKeyBase64, signerKeyId: this.key.keyId, ...(generated && { generatedInto: keyFile }) },
      'credential caches are signed; bridges verify with BRIDGE_API_PUBLIC_KEY = publicKey',
    );
  }

  /** Base64 of the raw 32-byte public key. */
  get publicKey(): string {
    return this.signingKey().publicKeyBase64;
  }

  sign(sealed: SealedCredentialCache, bridgeId: string): SealedCredentialCache {
    return signCredentialCache(sealed, bridgeId, this.signingKey());
  }

  private signingKey(): CacheSigningKey {
    if (!this.key) throw new Error('cache signing key not loaded yet');
    return this.key;
  }
}
