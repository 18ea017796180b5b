import {
  CacheKind,
  unsealCredentialCache,
  unsealCredentialCacheDelta,
  verifyCredentialCacheSignature,
  type CacheKey,
  type CacheVerifierKey,
  type CredentialCacheContent,
  type CredentialCacheDelta,
  type SealedCredentialCache,
} from '#contracts';

export type CacheRejection =
  | 'unsigned'
  | 'wrong-signer'
  | 'bad-signature'
  | 'wrong-key'
  | 'tampered'
  | 'invalid-content'
  | 'wrong-kind'
  | 'wrong-bridge';

export type Opened =
  | { ok: true; kind: 'full'; content: CredentialCacheContent }
  | { ok: true; kind: 'delta'; delta: CredentialCacheDelta }
  | { ok: false; reason: CacheRejection };

/**
 * Checks an envelope before anything in it is believed: the api's signature (when the bridge knows the api's
 * public key), then the AES-GCM seal under this bridge's key, then that it was made for this bridge.
 */
export class CacheOpener {
  constructor(
    private readonly key: CacheKey,
    private readonly bridgeId: string,
    /** Undefined only in the migration mode (BRIDGE_API_PUBLIC_KEY unset): signatures are then not checked. */
    private readonly verifier: CacheVerifierKey | undefined,
  ) {}

  get verifiesSignatures(): boolean {
    return this.verifier !== undefined;
  }

  /** Signature, then seal. */
  open(sealed: SealedCredentialCache): Opened {
    const signed = this.verify(sealed);
    return signed.ok ? this.unseal(sealed) : signed;
  }

  /** The signature alone: run before any other decision is taken on the envelope. */
  verify(sealed: SealedCredentialCache): { ok: true } | { ok: false; reason: CacheRejection } {
    if (!this.verifier) return { ok: true };
    const checked = verifyCredentialCacheSignature(sealed, this.bridgeId, this.verifier);
    return checked.ok ? checked : { ok: false, reason: checked.error };
  }

  /** The seal alone: only after `verify`. */
  unseal(sealed: SealedCredentialCache): Opened {
    if ((sealed.kind ?? CacheKind.Full) === CacheKind.Full) {
      const result = unsealCredentialCache(sealed, this.key);
      if (!result.ok) return { ok: false, reason: result.error };
      if (result.content.bridgeId !== this.bridgeId) return { ok: false, reason: 'wrong-bridge' };
      return { ok: true, kind: 'full', content: result.content };
    }
    const result = unsealCredentialCacheDelta(sealed, this.key);
    if (!result.ok) return { ok: false, reason: result.error };
    if (result.content.bridgeId !== this.bridgeId) return { ok: false, reason: 'wrong-bridge' };
    return { ok: true, kind: 'delta', delta: result.content };
  }
}
